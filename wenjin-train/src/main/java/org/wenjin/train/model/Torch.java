package org.wenjin.train.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The training engine: PyTorch through DJL, asked for by name. DJL's default engine is whichever it finds first on
 * the class path, and the command line's class path also holds DJL's tokenizers, whose Rust engine cannot train.
 */
public final class Torch {
    public static final String ENGINE = "PyTorch";

    private Torch() {
    }

    /** The PyTorch engine (libtorch is loaded on first use). */
    public static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    /** A root manager of PyTorch tensors on the engine's default device (a GPU where libtorch has CUDA). */
    public static NDManager newManager() {
        return NDManager.newBaseManager(ENGINE);
    }
}
