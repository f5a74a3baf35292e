package org.wenjin.model.hub;

import java.net.URI;

/**
 * A model file as a hub describes it: where to download it, how big it is and the SHA-256 the hub
 * reports for it (null when the hub reports none; the download is then only checked for its size).
 */
public record RemoteFile(String repository, String fileName, URI downloadUrl, long size, String sha256) {
}
