package org.wenjin.cli;

import picocli.CommandLine;

/** The version from the jar manifest (set by the build), or "development" when run from classes. */
final class Version implements CommandLine.IVersionProvider {
    static String current() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"wenjin " + current(), "Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
