package org.wenjin.llm.model;

/** Thrown when a model file's {@code general.architecture} is one this engine has no forward pass for. */
public final class UnsupportedArchitectureException extends RuntimeException {
    private final String architecture;

    /**
     * @param source       the file (or other source) that names the architecture
     * @param architecture the unsupported {@code general.architecture} value
     * @param supported    the architectures that are supported, for the message
     */
    public UnsupportedArchitectureException(String source, String architecture, String supported) {
        super(source + ": unsupported model architecture '" + architecture + "' (general.architecture); supported: "
                + supported);
        this.architecture = architecture;
    }

    public String architecture() {
        return architecture;
    }
}
