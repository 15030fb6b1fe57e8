package org.neuroprior.experiments.engine;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.neuroprior.experiments.train.RunFacts;

import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs a bag of independent tasks on Apache Spark (spark-core): one Spark task per input, each a serializable
 * function of its input run on an executor, with every result handed back to the calling thread as soon as its task
 * finishes. Without a master URL (and outside {@code spark-submit}) Spark runs embedded, {@code local[*]}: nothing to
 * install or start.
 *
 * <p>What it sets unless the user did ({@code --spark-conf}, {@code spark-submit --conf}):
 * <ul>
 *   <li>executors' {@code OMP_NUM_THREADS} = this process's (1 by default), since ND4J reads it once at start;</li>
 *   <li>on a cluster, ND4J's off-heap memory bounded by JavaCPP's {@code maxbytes} = half of
 *       {@code spark.executor.memoryOverhead} (Spark's default overhead: 10% of {@code spark.executor.memory}, at least
 *       384 MiB) and {@code maxphysicalbytes} = executor memory + overhead, so a task that needs more fails with an
 *       OutOfMemoryError rather than having its container killed;</li>
 *   <li>on a cluster reached from this process (not {@code spark-submit}), {@code spark.jars} = the executable jar
 *       (system property {@code neuroprior.jar}, set by the launcher, or the jar this class was loaded from);</li>
 *   <li>on a cluster, executors' system property {@code neuroprior.commit} = this process's ({@link RunFacts#COMMIT_PROPERTY},
 *       the commit of the checkout the jar was built from, set by the launcher), which runs record in
 *       {@code config.yaml};</li>
 *   <li>Spark's console progress bar off (the commands report progress themselves); in embedded mode its web UI off
 *       and the driver bound to 127.0.0.1.</li>
 * </ul>
 * Natives are loaded by each executor before its first task ({@link Natives}).
 */
public final class SparkEngine implements AutoCloseable {
    /** The system property naming the executable jar shipped to a cluster's executors. */
    public static final String JAR_PROPERTY = "neuroprior.jar";
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,\\d+)?])?");
    private static final long MIB = 1024L * 1024;

    private final JavaSparkContext context;
    private final String master;
    private final double startSeconds;
    private volatile boolean stopRequested;
    private volatile String runningGroup;

    /** What a task knows about itself. */
    public record TaskInfo(int index, int attempt, long attemptId, int cpus, BooleanSupplier stopRequested) {
    }

    /** A task: a serializable function of one input, run on an executor. */
    @FunctionalInterface
    public interface Task<T, R> extends Serializable {
        /**
         * @throws Exception a failure that Spark retries on another attempt (up to {@code spark.task.maxFailures});
         *                   failures that a retry cannot cure are better returned in {@code R}
         */
        R run(T input, TaskInfo info) throws Exception;
    }

    /** Receives each finished task's result on the thread that called {@link #run}. */
    @FunctionalInterface
    public interface Results<R> {
        /** @param index the input's position in the list given to {@link #run} */
        void accept(int index, R result, Finished where) throws IOException;
    }

    /** Where and on which attempt a task finished. */
    public record Finished(int attempt, String executor, String host) implements Serializable {
    }

    private SparkEngine(JavaSparkContext context, String master, double startSeconds) {
        this.context = context;
        this.master = master;
        this.startSeconds = startSeconds;
    }

    /** Seconds Spark took to start (the context's creation). */
    public double startSeconds() {
        return startSeconds;
    }

    /**
     * Starts Spark: embedded without a master, else connected to the master.
     *
     * @throws IllegalArgumentException in one line for a master URL that is not accepted, or a master that needs
     *                                  {@code spark-submit}
     * @throws IllegalStateException    in one line if the master cannot be reached, or the jar executors need is missing
     */
    public static SparkEngine start(EngineOptions options, String appName) {
        Map<String, String> given = options.sparkConf();
        String submitted = given.getOrDefault("spark.master", System.getProperty("spark.master")); // spark-submit passes system properties
        String master = options.master() != null ? options.master().trim() : submitted != null ? submitted : "local[*]";
        boolean fromSubmit = options.master() == null && submitted != null;
        boolean local = LOCAL.matcher(master).matches();
        if (!fromSubmit && !local) checkMaster(master);
        if (local) {
            // Embedded: everything stays on the loopback interface, so Spark need not look up this machine's address
            // (and warn when the host name resolves to a loopback address). Before SparkConf, which looks it up.
            org.apache.spark.util.Utils.setCustomHostname("127.0.0.1");
        }
        SparkConf conf = new SparkConf(); // spark.* system properties included: what spark-submit passes
        given.forEach(conf::set);
        conf.setMaster(master).setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", System.getenv().getOrDefault("OMP_NUM_THREADS", "1"));
        if (local) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else {
            boundOffHeap(conf);
            passCommit(conf, System.getProperty(RunFacts.COMMIT_PROPERTY));
            if (!conf.contains("spark.jars")) conf.set("spark.jars", executableJar());
        }
        long t0 = System.nanoTime();
        try {
            return new SparkEngine(new JavaSparkContext(conf), master, (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Spark could not start with master " + master + ": " + firstLine(e), e);
        }
    }

    /** The master URL in use, e.g. {@code local[*]} or {@code spark://host:7077}. */
    public String master() {
        return master;
    }

    /** Cores Spark may use at once, and so tasks at once when each takes {@link #taskCpus(EngineOptions)}. */
    public int parallelism() {
        return context.sc().defaultParallelism();
    }

    /** Tasks Spark runs at once: {@link #parallelism()} / {@code spark.task.cpus}, at least 1. */
    public int slots() {
        return Math.max(1, parallelism() / Math.max(1, context.getConf().getInt("spark.task.cpus", 1)));
    }

    /**
     * Cores per task, {@code spark.task.cpus} (default 1) from {@code --spark-conf} or, under {@code spark-submit}, its
     * {@code --conf}: known before Spark starts, so that a sweep's configs are resolved before.
     *
     * @throws IllegalArgumentException in one line if it is not a whole number of 1 or more
     */
    public static int taskCpus(EngineOptions options) {
        String value = options.sparkConf().getOrDefault("spark.task.cpus", System.getProperty("spark.task.cpus", "1"));
        try {
            int cpus = Integer.parseInt(value.trim());
            if (cpus >= 1) return cpus;
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("spark.task.cpus = '" + value + "' is not valid; accepted: a whole number of 1 or more");
    }

    private static void checkMaster(String master) {
        String lower = master.toLowerCase(Locale.ROOT);
        if (lower.equals("yarn") || lower.startsWith("k8s://")) {
            throw new IllegalArgumentException("--master " + master + " needs Spark's " + (lower.equals("yarn") ? "YARN" : "Kubernetes")
                    + " support, which this jar leaves to the cluster: submit neuroprior-all.jar with the cluster's spark-submit "
                    + "--master " + master + " (README, 'Running on a cluster')");
        }
        if (!lower.startsWith("spark://")) {
            throw new IllegalArgumentException("--master '" + master + "' is not valid; accepted: local, local[N], local[*], "
                    + "spark://HOST:PORT[,HOST:PORT...]; yarn and k8s:// through spark-submit");
        }
        List<String> problems = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri = URI.create("spark://" + hostPort.trim());
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("--master '" + master + "' is not valid: '" + hostPort + "' is not HOST:PORT");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
                return; // one reachable master is enough
            } catch (IOException e) {
                problems.add(hostPort + " (" + e.getMessage() + ")");
            }
        }
        throw new IllegalStateException("cannot reach the Spark master " + master + ": " + String.join(", ", problems)
                + "; start it (README, 'Running on a cluster') or check --master");
    }

    /** Caps ND4J's off-heap memory on executors within the overhead Spark reserves for them (class comment). */
    static void boundOffHeap(SparkConf conf) {
        String options = conf.get("spark.executor.extraJavaOptions", "");
        if (options.contains("org.bytedeco.javacpp.maxbytes")) return;
        long memory = conf.getSizeAsBytes("spark.executor.memory", "1g");
        long overhead = conf.contains("spark.executor.memoryOverhead") ? conf.getSizeAsMb("spark.executor.memoryOverhead") * MIB
                : Math.max(384 * MIB, (long) (conf.getDouble("spark.executor.memoryOverheadFactor", 0.10) * memory));
        conf.set("spark.executor.extraJavaOptions", (options + " -Dorg.bytedeco.javacpp.maxbytes=" + overhead / 2
                + " -Dorg.bytedeco.javacpp.maxphysicalbytes=" + (memory + overhead)).trim());
    }

    /**
     * Adds {@code -Dneuroprior.commit=COMMIT} to the executors' Java options, unless {@code commit} is null or not a
     * plain word (a commit, {@code -dirty}, {@code unknown}) or the options set that property already.
     */
    static void passCommit(SparkConf conf, String commit) {
        String options = conf.get("spark.executor.extraJavaOptions", "");
        if (commit == null || !commit.matches("[A-Za-z0-9_.-]+") || options.contains("-D" + RunFacts.COMMIT_PROPERTY + "=")) return;
        conf.set("spark.executor.extraJavaOptions", (options + " -D" + RunFacts.COMMIT_PROPERTY + "=" + commit).trim());
    }

    private static String executableJar() {
        String named = System.getProperty(JAR_PROPERTY);
        if (named != null && Files.isRegularFile(Path.of(named))) return Path.of(named).toAbsolutePath().toString();
        try {
            File self = new File(SparkEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (self.isFile() && self.getName().endsWith(".jar")) return self.getAbsolutePath();
        } catch (Exception e) {
            // fall through to the message
        }
        throw new IllegalStateException("executors of a cluster need the executable jar " + (named != null ? named : "neuroprior-all.jar")
                + ", which is missing: build it with 'mvn -pl experiments -am package -DskipTests' (README, 'Running on a cluster')");
    }

    /**
     * Runs one Spark task per input and hands each result to {@code results} on this thread as its task finishes (in
     * any order). Returns when every task has finished, or early after {@link #requestStop()}: running tasks see
     * {@link TaskInfo#stopRequested()} and should end soon, leaving their work resumable; this method waits for them
     * (up to {@code waitSeconds}).
     *
     * @return true if every task finished, false if stopped early
     * @throws IllegalStateException    in one line if executors cannot load the native libraries, or the cluster lost
     *                                  the executors of a task more often than Spark retries
     * @throws RuntimeException         a task's own unexpected failure, after Spark's retries
     */
    public <T extends Serializable, R extends Serializable> boolean run(String description, List<T> inputs, Task<T, R> task,
                                                                       Results<R> results, long waitSeconds) throws IOException {
        if (inputs.isEmpty()) return true;
        String group = "neuroprior-" + System.nanoTime();
        BlockingQueue<Object[]> queue = new LinkedBlockingQueue<>();
        Object[] end = new Object[0];
        Throwable[] failure = new Throwable[1];
        RDD<T> rdd = context.parallelize(inputs, inputs.size()).rdd();
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) partitions.add(i);
        ClassTag<Done<R>> tag = ClassTag$.MODULE$.apply(Done.class);
        Thread submitter = new Thread(() -> {
            try {
                context.sc().setJobGroup(group, description, false);
                context.sc().runJob(rdd, new PartitionTask<T, R>(task), CollectionConverters.asScala(partitions).toSeq(),
                        new Handler<R>(queue), tag);
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                queue.add(end);
            }
        }, "spark-job-submitter");
        runningGroup = group;
        submitter.start();
        boolean cancelled = false;
        boolean drained = false;
        try {
            while (true) {
                if (stopRequested && !cancelled) {
                    context.sc().cancelJobGroup(group);
                    cancelled = true;
                }
                Object[] item;
                try {
                    item = queue.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                    continue;
                }
                if (item == null) continue;
                if (item == end) {
                    drained = true;
                    break;
                }
                @SuppressWarnings("unchecked")
                Done<R> done = (Done<R>) item[1];
                results.accept((Integer) item[0], done.value(), done.where());
            }
        } finally {
            if (!cancelled && !drained) context.sc().cancelJobGroup(group); // our own failure: stop the rest
            runningGroup = null;
        }
        if (cancelled) {
            awaitIdle(waitSeconds);
            return false;
        }
        if (failure[0] != null) throw translate(failure[0]);
        return true;
    }

    /** Asks running tasks to stop and {@link #run} to return once they have. Safe from any thread (e.g. Ctrl-C). */
    public void requestStop() {
        stopRequested = true;
    }

    private void awaitIdle(long waitSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (System.nanoTime() < deadline) {
            int running = 0;
            for (var e : context.sc().statusTracker().getExecutorInfos()) running += e.numRunningTasks();
            if (running == 0) return;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The one line of an expected failure (natives, lost executors), or the task's own exception (a bug). */
    static RuntimeException translate(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NativeLibraryException n) return new IllegalStateException(n.getMessage(), t);
        }
        Throwable cause = t instanceof SparkException && t.getCause() != null ? t.getCause() : t;
        if (cause == t && t instanceof SparkException) {
            return new IllegalStateException("the Spark job failed: " + firstLine(t)
                    + " (finished tasks are kept: run the same command again to continue)", t);
        }
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause.toString(), cause);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        context.stop();
    }

    /** A task's result with where it ran. */
    record Done<R>(R value, Finished where) implements Serializable {
    }

    /** The function each Spark task runs on its partition (one input). */
    private static final class PartitionTask<T, R> extends AbstractFunction2<TaskContext, Iterator<T>, Done<R>> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Task<T, R> task;

        PartitionTask(Task<T, R> task) {
            this.task = task;
        }

        @Override
        public Done<R> apply(TaskContext context, Iterator<T> inputs) {
            String executor = SparkEnv.get().executorId();
            Natives.require(!"driver".equals(executor)); // SparkContext.DRIVER_IDENTIFIER: local mode runs tasks in the driver
            T input = inputs.next();
            TaskInfo info = new TaskInfo(context.partitionId(), context.attemptNumber(), context.taskAttemptId(), context.cpus(),
                    context::isInterrupted);
            try {
                return new Done<>(task.run(input, info), new Finished(context.attemptNumber(), executor,
                        SparkEnv.get().blockManager().blockManagerId().host()));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /** Runs on the driver: queues each finished task's result for the calling thread. */
    private static final class Handler<R> extends AbstractFunction2<Object, Done<R>, BoxedUnit> {
        private final BlockingQueue<Object[]> queue;

        Handler(BlockingQueue<Object[]> queue) {
            this.queue = queue;
        }

        @Override
        public BoxedUnit apply(Object index, Done<R> done) {
            queue.add(new Object[] {index, done});
            return BoxedUnit.UNIT;
        }
    }

    /** The Spark settings in force (for tests). */
    Map<String, String> settings() {
        Map<String, String> map = new java.util.TreeMap<>();
        for (var e : context.getConf().getAll()) map.put(e._1(), e._2());
        return map;
    }

    /** @return whether {@code master} names an embedded (local) master */
    public static boolean isLocal(String master) {
        Matcher m = LOCAL.matcher(master);
        return m.matches();
    }
}
