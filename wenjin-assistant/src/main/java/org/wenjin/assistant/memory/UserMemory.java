package org.wenjin.assistant.memory;

/** One thing remembered about the user: a {@code fact} about them or a {@code preference} for answers. */
public record UserMemory(String kind, String text) {
    public static final String FACT = "fact";
    public static final String PREFERENCE = "preference";

    public boolean isPreference() {
        return PREFERENCE.equals(kind);
    }
}
