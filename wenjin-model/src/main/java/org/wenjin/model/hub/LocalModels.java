package org.wenjin.model.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The models directory: {@code REPOSITORY/FILE.gguf} below it, one folder per hub repository. Defaults to
 * {@code ~/.wenjin/models}, or {@code WENJIN_MODELS}, so every data directory shares the downloads.
 */
public final class LocalModels {
    private final Path root;

    public LocalModels(Path root) {
        this.root = root;
    }

    public static LocalModels fromEnvironment(Map<String, String> environment) {
        String configured = environment.get("WENJIN_MODELS");
        return new LocalModels(configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".wenjin", "models"));
    }

    public Path root() {
        return root;
    }

    public Path pathOf(String repository, String fileName) {
        Path path = root.resolve(repository).resolve(fileName).normalize();
        if (!path.startsWith(root.normalize())) {
            throw new IllegalArgumentException("model path escapes the models directory: " + repository + "/" + fileName);
        }
        return path;
    }

    /** A model downloaded before, by its file (complete files only). */
    public record LocalModel(String repository, String fileName, Path path, long size) {
    }

    public List<LocalModel> list() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".gguf") && Files.isRegularFile(p))
                    .sorted(Comparator.naturalOrder())
                    .map(p -> new LocalModel(root.relativize(p.getParent()).toString().replace('\\', '/'),
                            p.getFileName().toString(), p, sizeOf(p)))
                    .toList();
        }
    }

    /**
     * Resolves what a user passed as {@code --model}: an existing file, or a model name already downloaded
     * (a catalogue short name or {@code owner/repo/file.gguf}).
     */
    public Optional<Path> resolve(String nameOrPath) {
        Path asPath = Path.of(nameOrPath);
        if (Files.isRegularFile(asPath)) {
            return Optional.of(asPath);
        }
        try {
            for (String source : List.of("huggingface", "modelscope")) {
                ModelName name = ModelName.parse(nameOrPath, source);
                Path local = pathOf(name.repository(), name.fileName());
                if (Files.isRegularFile(local)) {
                    return Optional.of(local);
                }
            }
        } catch (IllegalArgumentException notAName) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
