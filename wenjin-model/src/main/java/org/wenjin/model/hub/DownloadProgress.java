package org.wenjin.model.hub;

/** Reported while a model downloads; {@code total} is -1 when unknown. */
@FunctionalInterface
public interface DownloadProgress {
    DownloadProgress NONE = (done, total, bytesPerSecond) -> { };

    void update(long done, long total, double bytesPerSecond);
}
