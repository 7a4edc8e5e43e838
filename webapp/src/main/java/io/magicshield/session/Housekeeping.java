package io.magicshield.session;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's one timer thread: the sessions' once-a-second tick and one-off deadlines (a socket that never
 * starts a session). Tasks must be short and must not block; a task that throws is logged and, if periodic, keeps
 * its schedule.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    private ScheduledExecutorService timer;

    @PostConstruct
    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("magicshield-housekeeping"));
    }

    /** Runs {@code task} every {@code period}, first after one period. */
    public Future<?> every(Duration period, Runnable task) {
        return timer.scheduleAtFixedRate(guarded(task), period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} once after {@code delay}; cancel the returned future to call it off. */
    public Future<?> after(Duration delay, Runnable task) {
        try {
            return timer.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // undeploying: nothing runs any more, and nothing needs to
            return CompletableFuture.completedFuture(null);
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a periodic task that throws would be cancelled silently
                LOG.log(Level.WARNING, "housekeeping task failed", e);
            }
        };
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ...: they never keep the server from stopping. */
    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
