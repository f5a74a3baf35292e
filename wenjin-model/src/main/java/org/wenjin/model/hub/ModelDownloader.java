package org.wenjin.model.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads a model file into the models directory the way a user on a flaky connection needs: into
 * {@code FILE.partial}, resuming an earlier partial download with an HTTP range request, checking the size
 * and the hub's SHA-256, and only then moving it atomically into place, so a models directory never holds
 * a half-written model under its real name.
 */
public final class ModelDownloader {
    private static final int BUFFER = 1 << 16;

    private final HttpClient http;
    private final LocalModels models;

    public ModelDownloader(HttpClient http, LocalModels models) {
        this.http = http;
        this.models = models;
    }

    /** Returns the local path of the verified file; a file already present and complete is not fetched again. */
    public Path download(RemoteFile file, DownloadProgress progress) throws IOException, InterruptedException {
        Path target = models.pathOf(file.repository(), file.fileName());
        if (Files.isRegularFile(target) && (file.size() < 0 || Files.size(target) == file.size())) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
        if (file.size() >= 0 && have > file.size()) {
            Files.delete(partial);
            have = 0;
        }
        MessageDigest sha256 = sha256();
        if (have > 0) {
            hashExisting(partial, sha256);
        }
        if (file.size() < 0 || have < file.size()) {
            fetch(file, partial, have, sha256, progress);
        }
        long size = Files.size(partial);
        if (file.size() >= 0 && size != file.size()) {
            throw new IOException("download of " + file.fileName() + " ended at " + size + " of " + file.size()
                    + " bytes; run the same command again to resume");
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (file.sha256() != null && !file.sha256().equalsIgnoreCase(actual)) {
            Files.delete(partial);
            throw new ChecksumMismatchException("the download of " + file.fileName() + " is corrupt: SHA-256 "
                    + actual + " but the hub reports " + file.sha256() + "; the partial file was removed, try again");
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private void fetch(RemoteFile file, Path partial, long have, MessageDigest sha256, DownloadProgress progress)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(file.downloadUrl()).timeout(Duration.ofHours(6)).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 404) {
                throw new ModelNotFoundException(file.fileName() + " was not found at " + file.downloadUrl());
            }
            boolean append = status == 206;
            if (!append && status != 200) {
                throw new IOException("downloading " + file.fileName() + " failed: HTTP " + status + " from " + file.downloadUrl());
            }
            if (!append && have > 0) {
                // The server ignored the range: start over, and the hash with it.
                sha256.reset();
                have = 0;
            }
            copy(new DigestInputStream(body, sha256), partial, append, have, file.size(), progress);
        }
    }

    private static void copy(InputStream in, Path partial, boolean append, long have, long total,
                             DownloadProgress progress) throws IOException {
        long start = System.nanoTime();
        long fetched = 0;
        long lastReport = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                fetched += n;
                long now = System.nanoTime();
                if (now - lastReport > 100_000_000L) {
                    lastReport = now;
                    progress.update(have + fetched, total, fetched / Math.max(1e-9, (now - start) / 1e9));
                }
            }
        }
        progress.update(have + fetched, total, fetched / Math.max(1e-9, (System.nanoTime() - start) / 1e9));
    }

    private static void hashExisting(Path partial, MessageDigest sha256) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(partial), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
