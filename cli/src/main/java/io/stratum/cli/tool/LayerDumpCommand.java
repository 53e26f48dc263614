package io.stratum.cli.tool;

import io.stratum.engine.layer.LayerTool;
import io.stratum.wal.io.FileIo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stratum tool layer-dump FILE}: prints a layer file's footer, blocks and entries. */
@Command(name = "layer-dump", mixinStandardHelpOptions = true,
    description = "Print a layer file: ranges, blocks and (unless --summary) one line per entry.")
public final class LayerDumpCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a .delta or .image layer file")
    Path file;

    @Option(names = "--summary", description = "print footer and blocks only")
    boolean summary;

    @Override
    public Integer call() {
        LayerTool.dump(FileIo.real(), file, System.out, !summary);
        return 0;
    }
}
