package io.stratum.cli.tool;

import io.stratum.engine.layer.LayerTool;
import io.stratum.wal.ErrorCode;
import io.stratum.wal.io.FileIo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stratum tool layer-verify DIR}: checks every layer file under a directory. */
@Command(name = "layer-verify", mixinStandardHelpOptions = true,
    description = "Verify every layer file under DIR (checksums, order, ranges); exit 5 if any is damaged.")
public final class LayerVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "a page server data directory or timeline directory")
    Path dir;

    @Override
    public Integer call() {
        return LayerTool.verify(FileIo.real(), dir, System.out) == 0 ? 0 : ErrorCode.CORRUPT.exitCode();
    }
}
