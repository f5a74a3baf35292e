package org.wenjin.knowledge;

/** Hears how far an import has got, so a caller can draw a progress bar. */
@FunctionalInterface
public interface ImportListener {

    ImportListener NONE = progress -> { };

    void onProgress(ImportProgress progress);
}
