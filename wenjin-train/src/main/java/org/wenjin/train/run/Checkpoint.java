package org.wenjin.train.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A training run's state after a step: the trained tensors and the optimizer's moments by name, the step, and the
 * fingerprint of the settings and data it was made with. Written to {@code checkpoints/step-NNNNNN/} through a
 * temporary folder renamed into place, so a run killed while writing leaves the previous checkpoint intact.
 *
 * @param step        optimizer steps done
 * @param fingerprint what the run was started with; a resume with anything else is refused
 * @param tensors     tensors by name (parameters and optimizer state)
 */
public record Checkpoint(int step, String fingerprint, Map<String, NDArray> tensors) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENSORS = "tensors.ndlist";
    private static final String STATE = "state.json";
    /** Checkpoints kept: the newest two, so one is whole even if the disk fills while writing the next. */
    private static final int KEEP = 2;

    /** Writes this checkpoint under {@code directory/checkpoints} and removes older ones beyond the newest two. */
    public Path save(Path directory) throws IOException {
        Path root = directory.resolve("checkpoints");
        Files.createDirectories(root);
        Path target = root.resolve(String.format("step-%06d", step));
        Path temporary = root.resolve(target.getFileName() + ".partial");
        deleteTree(temporary);
        Files.createDirectories(temporary);
        NDList list = new NDList();
        ArrayNode names = JSON.createArrayNode();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            list.add(e.getValue());
            names.add(e.getKey());
        }
        try (OutputStream out = Files.newOutputStream(temporary.resolve(TENSORS))) {
            list.encode(out);
        }
        ObjectNode state = JSON.createObjectNode();
        state.put("step", step);
        state.put("fingerprint", fingerprint);
        state.set("names", names);
        Files.writeString(temporary.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
        deleteTree(target);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target);
        }
        List<Path> all = list(directory);
        for (int i = 0; i < all.size() - KEEP; i++) {
            deleteTree(all.get(i));
        }
        return target;
    }

    /** The newest whole checkpoint of a run directory, its tensors in {@code manager}. */
    public static Optional<Checkpoint> latest(Path directory, NDManager manager) throws IOException {
        List<Path> all = list(directory);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Path newest = all.getLast();
        JsonNode state = JSON.readTree(newest.resolve(STATE).toFile());
        NDList list;
        try (InputStream in = Files.newInputStream(newest.resolve(TENSORS))) {
            list = NDList.decode(manager, in);
        }
        JsonNode names = state.path("names");
        if (names.size() != list.size()) {
            throw new IOException(newest + ": " + names.size() + " names for " + list.size() + " tensors");
        }
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            tensors.put(names.get(i).asText(), list.get(i));
        }
        return Optional.of(new Checkpoint(state.path("step").asInt(), state.path("fingerprint").asText(), tensors));
    }

    /** Whole checkpoints (with their state file), oldest first. */
    private static List<Path> list(Path directory) throws IOException {
        Path root = directory.resolve("checkpoints");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> list = new ArrayList<>(entries
                    .filter(p -> p.getFileName().toString().matches("step-\\d+"))
                    .filter(p -> Files.exists(p.resolve(STATE)) && Files.exists(p.resolve(TENSORS)))
                    .toList());
            list.sort(Comparator.comparing(p -> p.getFileName().toString()));
            return list;
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
