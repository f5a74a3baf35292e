/**
 * The GGUF model file format (docs/gguf.md of the ggml repository): {@link org.wenjin.llm.gguf.GgufFile}
 * maps a file and hands out its metadata and its tensors without copying weights;
 * {@link org.wenjin.llm.gguf.GgufWriter} writes version 3 files. Malformed input fails with a
 * {@link org.wenjin.llm.gguf.GgufFormatException} that names the field and byte offset.
 */
package org.wenjin.llm.gguf;
