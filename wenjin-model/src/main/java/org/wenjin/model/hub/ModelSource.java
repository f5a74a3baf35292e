package org.wenjin.model.hub;

import java.io.IOException;

/** A hub models are downloaded from: Hugging Face, or ModelScope for users in China. */
public interface ModelSource {

    /** The name users pick the source by ({@code --source huggingface|modelscope}). */
    String name();

    /** Looks up a file of a repository: its download URL, size and checksum. */
    RemoteFile describe(String repository, String fileName) throws IOException, InterruptedException;
}
