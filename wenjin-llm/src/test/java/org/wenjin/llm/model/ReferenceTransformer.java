package org.wenjin.llm.model;

import org.wenjin.llm.gguf.GgufFile;
import org.wenjin.llm.tensor.FloatTensor;

/**
 * A deliberately plain float64 forward pass to check {@link Transformer} against: no KV cache (every
 * position is recomputed from the whole sequence), weights read by name straight from the file, and
 * RoPE written the way the original code bases write it (Meta's complex multiplication of adjacent
 * pairs; Hugging Face's {@code x * cos + rotate_half(x) * sin} for NeoX).
 */
final class ReferenceTransformer {
    private final GgufFile file;
    private final ModelConfig c;

    ReferenceTransformer(GgufFile file, ModelConfig config) {
        this.file = file;
        this.c = config;
    }

    /** The logits after each token of the sequence, which starts at position 0. */
    double[][] logits(int[] tokens) {
        int n = tokens.length;
        int dim = c.embeddingLength();
        int hs = c.keyLength();
        double[][] embedding = matrix("token_embd.weight", c.vocabularySize(), dim);
        double[][] x = new double[n][];
        for (int t = 0; t < n; t++) {
            x[t] = embedding[tokens[t]].clone();
        }
        for (int layer = 0; layer < c.blockCount(); layer++) {
            String blk = "blk." + layer + ".";
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            double[][] wq = matrix(blk + "attn_q.weight", c.queryWidth(), dim);
            double[][] wk = matrix(blk + "attn_k.weight", c.keyWidth(), dim);
            double[][] wv = matrix(blk + "attn_v.weight", c.valueWidth(), dim);
            for (int t = 0; t < n; t++) {
                double[] h = rmsNorm(x[t], vector(blk + "attn_norm.weight"));
                q[t] = plus(times(wq, h), optional(blk + "attn_q.bias"));
                k[t] = plus(times(wk, h), optional(blk + "attn_k.bias"));
                v[t] = plus(times(wv, h), optional(blk + "attn_v.bias"));
                if (file.hasTensor(blk + "attn_q_norm.weight")) {
                    perHeadNorm(q[t], vector(blk + "attn_q_norm.weight"));
                    perHeadNorm(k[t], vector(blk + "attn_k_norm.weight"));
                }
                rope(q[t], t);
                rope(k[t], t);
            }
            double[][] wo = matrix(blk + "attn_output.weight", dim, c.attentionOutputWidth());
            for (int t = 0; t < n; t++) {
                double[] heads = new double[c.attentionOutputWidth()];
                for (int head = 0; head < c.headCount(); head++) {
                    int kv = head / (c.headCount() / c.headCountKv());
                    double[] weights = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        double score = 0;
                        for (int i = 0; i < hs; i++) {
                            score += q[t][head * hs + i] * k[s][kv * hs + i];
                        }
                        weights[s] = score / Math.sqrt(hs);
                        max = Math.max(max, weights[s]);
                    }
                    double total = 0;
                    for (int s = 0; s <= t; s++) {
                        weights[s] = Math.exp(weights[s] - max);
                        total += weights[s];
                    }
                    int vs = c.valueLength();
                    for (int s = 0; s <= t; s++) {
                        for (int i = 0; i < vs; i++) {
                            heads[head * vs + i] += weights[s] / total * v[s][kv * vs + i];
                        }
                    }
                }
                double[] out = times(wo, heads);
                for (int i = 0; i < dim; i++) {
                    x[t][i] += out[i];
                }
            }
            double[][] gate = matrix(blk + "ffn_gate.weight", c.feedForwardLength(), dim);
            double[][] up = matrix(blk + "ffn_up.weight", c.feedForwardLength(), dim);
            double[][] down = matrix(blk + "ffn_down.weight", dim, c.feedForwardLength());
            for (int t = 0; t < n; t++) {
                double[] h = rmsNorm(x[t], vector(blk + "ffn_norm.weight"));
                double[] g = times(gate, h);
                double[] u = times(up, h);
                for (int i = 0; i < g.length; i++) {
                    g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
                }
                double[] out = times(down, g);
                for (int i = 0; i < dim; i++) {
                    x[t][i] += out[i];
                }
            }
        }
        String classifier = file.hasTensor("output.weight") ? "output.weight" : "token_embd.weight";
        double[][] output = matrix(classifier, c.vocabularySize(), dim);
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            logits[t] = times(output, rmsNorm(x[t], vector("output_norm.weight")));
        }
        return logits;
    }

    private void rope(double[] x, int position) {
        int hs = c.keyLength();
        int d = c.ropeDimensions();
        double[] factors = file.hasTensor("rope_freqs.weight") ? vector("rope_freqs.weight") : null;
        for (int head = 0; head < x.length / hs; head++) {
            int o = head * hs;
            double[] cos = new double[d];
            double[] sin = new double[d];
            for (int i = 0; i < d / 2; i++) {
                double inverse = 1.0 / Math.pow(c.ropeFreqBase(), 2.0 * i / d) * c.ropeLinearScale();
                double angle = position * inverse / (factors == null ? 1 : factors[i]);
                cos[i] = cos[i + d / 2] = Math.cos(angle);
                sin[i] = sin[i + d / 2] = Math.sin(angle);
            }
            if (c.architecture().ropeStyle() == RopeStyle.NORMAL) {
                for (int i = 0; i < d / 2; i++) { // (a + ib) * e^(i angle)
                    double a = x[o + 2 * i];
                    double b = x[o + 2 * i + 1];
                    x[o + 2 * i] = a * cos[i] - b * sin[i];
                    x[o + 2 * i + 1] = a * sin[i] + b * cos[i];
                }
            } else {
                double[] rotated = new double[d]; // rotate_half: cat(-x2, x1)
                for (int i = 0; i < d / 2; i++) {
                    rotated[i] = -x[o + d / 2 + i];
                    rotated[d / 2 + i] = x[o + i];
                }
                for (int i = 0; i < d; i++) {
                    x[o + i] = x[o + i] * cos[i] + rotated[i] * sin[i];
                }
            }
        }
    }

    private void perHeadNorm(double[] x, double[] weight) {
        int hs = weight.length;
        for (int head = 0; head < x.length / hs; head++) {
            double[] part = new double[hs];
            System.arraycopy(x, head * hs, part, 0, hs);
            System.arraycopy(rmsNorm(part, weight), 0, x, head * hs, hs);
        }
    }

    private double[] rmsNorm(double[] x, double[] weight) {
        double sum = 0;
        for (double value : x) {
            sum += value * value;
        }
        double scale = 1 / Math.sqrt(sum / x.length + c.rmsEpsilon());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * scale * weight[i];
        }
        return out;
    }

    private static double[] times(double[][] matrix, double[] x) {
        double[] out = new double[matrix.length];
        for (int r = 0; r < matrix.length; r++) {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += matrix[r][i] * x[i];
            }
            out[r] = sum;
        }
        return out;
    }

    private static double[] plus(double[] x, double[] bias) {
        if (bias != null) {
            for (int i = 0; i < x.length; i++) {
                x[i] += bias[i];
            }
        }
        return x;
    }

    private double[] optional(String name) {
        return file.hasTensor(name) ? vector(name) : null;
    }

    private double[] vector(String name) {
        FloatTensor tensor = file.tensor(name);
        double[] values = new double[(int) tensor.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloat(i);
        }
        return values;
    }

    /** Row r, column j is element r * cols + j: ggml's [ne0 = cols, ne1 = rows]. */
    private double[][] matrix(String name, int rows, int cols) {
        FloatTensor tensor = file.tensor(name);
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                m[r][j] = tensor.getFloat((long) r * cols + j);
            }
        }
        return m;
    }
}
