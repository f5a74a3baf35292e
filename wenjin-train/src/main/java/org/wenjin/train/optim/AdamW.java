package org.wenjin.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wenjin.train.model.TrainableParameter;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, arXiv:1711.05101) with PyTorch's {@code torch.optim.AdamW}
 * semantics: {@code p ← p·(1 − lr·λ)}, then {@code p ← p − lr · m̂ / (√v̂ + ε)} with bias-corrected moments. The
 * moments are ordinary tensors kept here, so that a checkpoint can store them and a resumed run continues exactly.
 * The update itself is arithmetic on tensors outside gradient recording; the gradients come from PyTorch's autograd.
 */
public final class AdamW {
    private final List<TrainableParameter> parameters;
    private final Settings settings;
    private final NDArray[] first;
    private final NDArray[] second;
    private long steps;

    /**
     * @param beta1       decay of the first moment
     * @param beta2       decay of the second moment
     * @param epsilon     added to √v̂
     * @param weightDecay λ, applied to every parameter (LoRA factors and, in full fine-tuning, every tensor)
     */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
        /** PyTorch's defaults but no weight decay, as PEFT's LoRA recipes use. */
        public static Settings defaults() {
            return new Settings(0.9, 0.999, 1e-8, 0.0);
        }

        public Settings {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam's betas must be in [0, 1), were " + beta1 + " and " + beta2);
            }
            if (!(epsilon > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("Adam's epsilon must be > 0 and weight decay >= 0");
            }
        }
    }

    /** Moments start at zero, in {@code manager}, with each parameter's shape and type. */
    public AdamW(List<TrainableParameter> parameters, Settings settings, NDManager manager) {
        this.parameters = List.copyOf(parameters);
        this.settings = settings;
        this.first = new NDArray[parameters.size()];
        this.second = new NDArray[parameters.size()];
        for (int i = 0; i < first.length; i++) {
            NDArray p = parameters.get(i).value();
            first[i] = manager.zeros(p.getShape(), p.getDataType());
            second[i] = manager.zeros(p.getShape(), p.getDataType());
        }
    }

    /** Updates were applied this many times. */
    public long steps() {
        return steps;
    }

    /**
     * Applies one update with learning rate {@code lr} from the parameters' current gradients. Temporary tensors
     * belong to the caller's {@link ai.djl.ndarray.NDScope}.
     */
    public void step(double lr) {
        steps++;
        double correction1 = 1 - Math.pow(settings.beta1(), steps);
        double correction2 = 1 - Math.pow(settings.beta2(), steps);
        for (int i = 0; i < first.length; i++) {
            NDArray p = parameters.get(i).value();
            NDArray g = p.getGradient();
            if (settings.weightDecay() > 0) {
                p.muli(1 - lr * settings.weightDecay());
            }
            first[i].muli(settings.beta1()).addi(g.mul(1 - settings.beta1()));
            second[i].muli(settings.beta2()).addi(g.square().muli(1 - settings.beta2()));
            NDArray denominator = second[i].div(correction2).sqrt().addi(settings.epsilon());
            p.subi(first[i].div(denominator).muli(lr / correction1));
        }
    }

    /**
     * Sets every parameter's gradient to zero, whatever it holds (NaN and infinities of a skipped step included),
     * before the next step's backward passes accumulate into them.
     */
    public void zeroGradients() {
        for (TrainableParameter parameter : parameters) {
            NDArray g = parameter.value().getGradient();
            g.set(new ai.djl.ndarray.index.NDIndex("..."), 0);
        }
    }

    /**
     * Scales the gradients so that their global L2 norm is at most {@code maxNorm} (as
     * {@code torch.nn.utils.clip_grad_norm_}) and returns the norm before clipping. A non-finite norm is returned
     * as is and nothing is scaled; the caller decides what a NaN means.
     */
    public double clipGradients(double maxNorm) {
        double sum = 0;
        for (TrainableParameter parameter : parameters) {
            NDArray g = parameter.value().getGradient();
            sum += g.square().sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        }
        double norm = Math.sqrt(sum);
        if (maxNorm > 0 && Double.isFinite(norm) && norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (TrainableParameter parameter : parameters) {
                parameter.value().getGradient().muli(scale);
            }
        }
        return norm;
    }

    /** The moments by parameter name ({@code NAME.adam_m}, {@code NAME.adam_v}), for a checkpoint. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        for (int i = 0; i < first.length; i++) {
            state.put(parameters.get(i).name() + ".adam_m", first[i]);
            state.put(parameters.get(i).name() + ".adam_v", second[i]);
        }
        return state;
    }

    /**
     * Overwrites {@code target}'s values with {@code source}'s, in place: the tensor stays the one autograd and the
     * optimizer know (DJL's {@code set(Buffer)} may give the array new storage, which drops a parameter's gradient
     * flag). {@code 0 + source} is {@code source} exactly.
     */
    public static void assign(NDArray target, NDArray source) {
        target.muli(0).addi(source.toType(target.getDataType(), false));
    }

    /** Restores the moments and the step count saved by {@link #state()}. */
    public void restore(Map<String, NDArray> state, long steps) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < first.length; i++) {
            NDArray m = state.get(parameters.get(i).name() + ".adam_m");
            NDArray v = state.get(parameters.get(i).name() + ".adam_v");
            if (m == null || v == null) {
                missing.add(parameters.get(i).name());
                continue;
            }
            assign(first[i], m);
            assign(second[i], v);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint has no optimizer state for " + missing);
        }
        this.steps = steps;
    }
}
