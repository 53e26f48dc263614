package io.stratum.perf.wal;

import io.stratum.wal.codec.WalRecordDecoder;
import io.stratum.wal.codec.WalRecordEncoder;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: encode and decode (CRC included) of one WAL record, per payload size. Run with
 * {@code mvn -q -P jmh -pl perf -am package -DskipTests && java -jar perf/target/benchmarks.jar CodecBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dagrona.disable.bounds.checks=false"})
public class CodecBenchmark {
    @Param({"128", "8192"})
    int payload;

    private final UnsafeBuffer buf = new UnsafeBuffer(ByteBuffer.allocateDirect(16384));
    private final byte[] src = new byte[8192];
    private final WalRecordEncoder encoder = new WalRecordEncoder();
    private final WalRecordDecoder decoder = new WalRecordDecoder();
    private int length;

    @Setup
    public void setUp() {
        length = encode();
    }

    @Benchmark
    public int encode() {
        return encoder.wrap(buf, 0, buf.capacity()).begin(3, 0, 42).addBlock(1, 2, 1).payload(src, 0, payload)
            .finish();
    }

    @Benchmark
    public long decode() {
        return decoder.wrap(buf, 0, length).xid();
    }
}
