/**
 * Speed measurement: {@link org.wenjin.llm.bench.Benchmark} times prompt processing and text generation as
 * llama-bench does, and {@link org.wenjin.llm.bench.SyntheticModel} writes random-weight files with the
 * shapes of real models to measure them on.
 */
package org.wenjin.llm.bench;
