/**
 * Trained weights back to GGUF: the merged model in llama-quantize's types
 * ({@link org.wenjin.train.export.MergedModelExport}) and the adapter alone as a llama.cpp LoRA file
 * ({@link org.wenjin.train.export.LoraAdapterExport}).
 */
package org.wenjin.train.export;
