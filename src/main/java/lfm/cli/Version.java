package lfm.cli;

import picocli.CommandLine.IVersionProvider;

/** Version line: the engine's and the Java runtime's. */
public final class Version implements IVersionProvider {
    public static final String ENGINE = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {"lfm-engine " + ENGINE + " (Java " + Runtime.version() + ")"};
    }
}
