package org.wenjin.knowledge.importing;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.jena.riot.Lang;

/** The formats statements are imported from and exported to, told apart by file extension. */
public enum Syntax {
    TURTLE(Lang.TURTLE, ".ttl"),
    N_TRIPLES(Lang.NTRIPLES, ".nt"),
    JSON_LD(Lang.JSONLD, ".jsonld"),
    CSV(null, ".csv"),
    TSV(null, ".tsv");

    private final Lang lang;
    private final String extension;

    Syntax(Lang lang, String extension) {
        this.lang = lang;
        this.extension = extension;
    }

    public static Optional<Syntax> of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (Syntax syntax : values()) {
            if (name.endsWith(syntax.extension)) {
                return Optional.of(syntax);
            }
        }
        return Optional.empty();
    }

    /** The RIOT language, or null for the delimited formats, which are read here. */
    public Lang lang() {
        return lang;
    }

    public String extension() {
        return extension;
    }

    public static String supported() {
        StringBuilder list = new StringBuilder();
        for (Syntax syntax : values()) {
            list.append(list.isEmpty() ? "" : ", ").append(syntax.extension);
        }
        return list.toString();
    }
}
