/**
 * Tensors in ggml's storage types. {@link org.wenjin.llm.tensor.FloatTensor} is the one abstraction;
 * each type (F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K) is one subclass with
 * ggml's dequantization (bit-exact, checked against llama.cpp), a Vector API dot product and a
 * quantizer. {@link org.wenjin.llm.tensor.GgmlType} lists every ggml type with its id and block size.
 */
package org.wenjin.llm.tensor;
