package io.flowgate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data DIR}: where the client looks for {@code admin.key}, matching {@code serve --data}.
 * Not inherited, because {@code run --data} means the execution's input instead.
 */
final class DataDirOption {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory holding admin.key (default: $FLOWGATE_DATA, else ./data)")
    Path dataDir;
}
