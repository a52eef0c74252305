package io.distill.stack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive, advisory lock on a directory, held by this JVM, so two local stacks (in two JVMs or in
 * one) never run brokers on the same data: a second broker would open the same KRaft metadata log before
 * Kafka's own log-directory lock stopped it. The operating system drops the lock if this JVM dies.
 */
final class DirectoryLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(final Path file, final FileChannel channel, final FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock file {@code file}, writing this JVM's pid into it.
     *
     * @throws LocalStackException if another process, or another holder in this JVM, has it
     */
    static DirectoryLock acquire(final Path file) {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock == null) {
                final String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                channel.close();
                throw inUse(file, "process " + (holder.isEmpty() ? "(unknown pid)" : holder));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            return new DirectoryLock(file, channel, lock);
        } catch (final OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(file, "another broker in this JVM (pid " + ProcessHandle.current().pid() + ")");
        } catch (final IOException e) {
            closeQuietly(channel);
            throw new LocalStackException("Cannot lock " + file, e);
        }
    }

    private static LocalStackException inUse(final Path file, final String holder) {
        return new LocalStackException("The broker directory " + file.toAbsolutePath().getParent()
            + " is in use by " + holder + ". Stop that local stack first, or use another directory.");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (final IOException e) {
            // Closing the channel below releases it as well.
        }
        closeQuietly(channel);
    }

    @Override
    public String toString() {
        return "DirectoryLock[" + file + "]";
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (final IOException e) {
            // Nothing more to release.
        }
    }
}
