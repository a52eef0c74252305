package io.distill.app.cli;

import io.distill.app.Distill;
import io.distill.runtime.ClientSettings;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code distill config}: prints the effective settings as {@code key=value} lines, sorted, secrets hidden, to
 * see what a file, the environment and {@code --set} add up to before running anything.
 */
@Command(name = "config", description = {"Print the effective configuration (--config file < DISTILL_* environment"
    + " < --set), secrets hidden."})
public final class ConfigCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        final Distill distill = Distill.root(spec);
        final PrintWriter out = distill.context().out();
        for (final Map.Entry<String, String> entry : ClientSettings.redacted(distill.config()).entrySet()) {
            out.println(entry.getKey() + "=" + entry.getValue());
        }
        out.flush();
        return 0;
    }
}
