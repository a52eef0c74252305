package io.distill.app.cli;

import io.distill.schemas.DistillException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks up front that Kafka answers and the topic exists, so that {@code produce} and {@code tail} fail in
 * seconds with a message saying what to do, instead of a client blocking for a minute on metadata.
 */
public final class TopicLookup {
    private TopicLookup() {
    }

    /**
     * The partitions of {@code topic}, in partition order.
     *
     * @param adminConfig admin client settings ({@code bootstrap.servers}, security)
     * @throws DistillException if Kafka does not answer within {@code timeout} or the topic does not exist
     */
    public static List<TopicPartition> partitions(final Map<String, Object> adminConfig, final String topic,
                                                  final Duration timeout) {
        final Map<String, Object> config = new HashMap<>(adminConfig);
        final int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "distill-cli-lookup");
        final Object bootstrap = config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(config)) {
            final TopicDescription description = admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new DistillException("Topic '" + topic + "' does not exist at " + bootstrap
                    + " (distill up creates distill's topics in a local stack)");
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(bootstrap, timeout);
            }
            throw new DistillException("Cannot describe topic '" + topic + "' at " + bootstrap, e.getCause());
        } catch (final TimeoutException e) {
            throw unreachable(bootstrap, timeout);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistillException("Interrupted while looking up topic '" + topic + "'", e);
        }
    }

    private static DistillException unreachable(final Object bootstrap, final Duration timeout) {
        return new DistillException("Kafka at " + bootstrap + " did not answer within " + timeout.toSeconds()
            + " s. Is it running? (distill up starts a local stack; --set bootstrap.servers=HOST:PORT points elsewhere)");
    }
}
