package org.wenjin.train.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The weight matrices of a transformer block that LoRA can adapt, named as GGUF names them ({@code blk.N.<name>})
 * and also accepted under the Hugging Face / PEFT names users know ({@code q_proj}, {@code down_proj}).
 */
public enum LoraTarget {
    QUERY("attn_q", "q_proj", "q"),
    KEY("attn_k", "k_proj", "k"),
    VALUE("attn_v", "v_proj", "v"),
    OUTPUT("attn_output", "o_proj", "o"),
    GATE("ffn_gate", "gate_proj", "gate"),
    UP("ffn_up", "up_proj", "up"),
    DOWN("ffn_down", "down_proj", "down");

    private final String ggufName;
    private final String peftName;
    private final String shortName;

    LoraTarget(String ggufName, String peftName, String shortName) {
        this.ggufName = ggufName;
        this.peftName = peftName;
        this.shortName = shortName;
    }

    /** The GGUF tensor name of this matrix in block {@code layer}, e.g. {@code blk.3.attn_q.weight}. */
    public String tensorName(int layer) {
        return "blk." + layer + "." + ggufName + ".weight";
    }

    public String shortName() {
        return shortName;
    }

    /** Every matrix of a block: what QLoRA found works best (Dettmers et al., arXiv:2305.14314, section 4). */
    public static Set<LoraTarget> all() {
        return EnumSet.allOf(LoraTarget.class);
    }

    /**
     * Parses a comma-separated list such as {@code q,k,v,o,gate,up,down}, {@code q_proj,v_proj} or {@code all}.
     *
     * @throws IllegalArgumentException naming the unknown entry and the accepted names
     */
    public static Set<LoraTarget> parse(String list) {
        Set<LoraTarget> targets = EnumSet.noneOf(LoraTarget.class);
        for (String raw : list.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("all")) {
                targets.addAll(all());
                continue;
            }
            LoraTarget match = Arrays.stream(values())
                    .filter(t -> t.ggufName.equals(name) || t.peftName.equals(name) || t.shortName.equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown LoRA target '" + raw.trim()
                            + "'; known: all, " + Arrays.stream(values()).map(t -> t.shortName + " (" + t.peftName
                            + ", " + t.ggufName + ")").collect(Collectors.joining(", "))));
            targets.add(match);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no LoRA target given");
        }
        return targets;
    }
}
