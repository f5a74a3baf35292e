// Answers questions about a GGUF model with llama.cpp, through node-llama-cpp, so that wenjin-llm's
// tests can compare the Java engine with it.
//
// Reads one JSON request per line on stdin and writes one JSON answer per line on stdout, in order:
//   {"op":"tokenize", "gguf":PATH, "text":S, "addSpecial":B, "parseSpecial":B}  -> {"tokens":[ids]}
//   {"op":"teacherForced", "gguf":PATH, "tokens":[ids], "k":K}
//       -> {"positions":[{"ids":[top-k ids], "logits":[...], "probabilities":[...]}, ...]}
//       one entry per input token: the distribution of the token that follows it, top k by logit
//   {"op":"greedy", "gguf":PATH, "prompt":[ids], "n":N}  -> {"tokens":[N generated ids]}
//       with "lora":{"path":ADAPTER, "scale":S}, the model with that LoRA adapter GGUF applied at scale S
//   {"op":"info"}  -> {"llamaCpp": release tag}
// A request that fails gets {"error": message}; the process goes on with the next line.
import {createInterface} from "node:readline";
import {getLlama, LlamaLogLevel} from "node-llama-cpp";

const llama = await getLlama({
    gpu: false,
    build: "never",
    usePrebuiltBinaries: true,
    skipDownload: true,
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
    logger: (level, message) => process.stderr.write(message)
});

const models = new Map();

// Tokenizing needs only the vocabulary (llama.cpp's vocab_only), which also loads files without tensors.
async function model(path, vocabOnly = false) {
    if (typeof path !== "string") {
        throw new Error("the request has no \"gguf\" path");
    }
    const key = (vocabOnly ? "vocabulary " : "model ") + path;
    if (!models.has(key)) {
        models.set(key, await llama.loadModel({modelPath: path, gpuLayers: 0, vocabOnly}));
    }
    return models.get(key);
}

// A context just large enough for the request, on one thread, without flash attention; with the LoRA
// adapter {path, scale} applied where one is given.
async function withSequence(path, tokenCount, work, lora = null) {
    const m = await model(path);
    const context = await m.createContext({
        ...(lora == null ? {} : {lora: {adapters: [{filePath: lora.path, scale: lora.scale}]}}),
        contextSize: Math.max(32, tokenCount),
        batchSize: Math.max(32, tokenCount),
        sequences: 1,
        threads: 1,
        flashAttention: false,
        // F32 rather than llama.cpp's default F16 cache, so keys and values are not rounded.
        experimentalKvCacheKeyType: "F32",
        experimentalKvCacheValueType: "F32"
    });
    try {
        return await work(context.getSequence());
    } finally {
        await context.dispose();
    }
}

function checkTokens(name, tokens) {
    if (!Array.isArray(tokens) || tokens.length === 0 || !tokens.every(Number.isInteger)) {
        throw new Error(`"${name}" must be a non-empty array of token ids`);
    }
}

async function tokenize({gguf, text, addSpecial = false, parseSpecial = false}) {
    if (typeof text !== "string") {
        throw new Error("the request has no \"text\"");
    }
    const m = await model(gguf, true);
    // node-llama-cpp tokenizes with add_special = false; add BOS/EOS the way llama_tokenize does when
    // add_special is true (the vocabulary's add_bos_token / add_eos_token flags).
    const tokens = [...m.tokenize(text, parseSpecial)];
    if (addSpecial && m.tokens.shouldPrependBosToken && m.tokens.bos != null) {
        tokens.unshift(m.tokens.bos);
    }
    if (addSpecial && m.tokens.shouldAppendEosToken && m.tokens.eos != null) {
        tokens.push(m.tokens.eos);
    }
    return {tokens};
}

async function teacherForced({gguf, tokens, k}) {
    checkTokens("tokens", tokens);
    if (!Number.isInteger(k) || k < 1) {
        throw new Error("\"k\" must be a positive integer");
    }
    return withSequence(gguf, tokens.length, async (sequence) => {
        const input = tokens.map((token) => [token, {
            generateNext: {logits: {filter: {includeTop: k}}, totalLogitWeight: true}
        }]);
        const outputs = await sequence.controlledEvaluate(input);
        const positions = outputs.map((output, index) => {
            if (output == null || output.next.logits == null) {
                throw new Error(`llama.cpp returned no logits for position ${index}`);
            }
            const top = [...output.next.logits.entries()].slice(0, k);
            const maxLogit = top[0][1];
            // totalLogitWeight is the sum over the whole vocabulary of exp(logit - maxLogit).
            const total = output.next.totalLogitWeight;
            return {
                ids: top.map(([id]) => id),
                logits: top.map(([, logit]) => logit),
                probabilities: top.map(([, logit]) => Math.exp(logit - maxLogit) / total)
            };
        });
        return {positions};
    });
}

async function greedy({gguf, prompt, n, lora = null}) {
    checkTokens("prompt", prompt);
    if (!Number.isInteger(n) || n < 1) {
        throw new Error("\"n\" must be a positive integer");
    }
    if (lora != null && (typeof lora.path !== "string" || typeof lora.scale !== "number")) {
        throw new Error("\"lora\" must be {\"path\": adapter file, \"scale\": number}");
    }
    return withSequence(gguf, prompt.length + n, async (sequence) => {
        const generated = [];
        let input = prompt;
        while (generated.length < n) {
            // Temperature 0 is llama.cpp's greedy sampler: the arg max of the logits.
            const outputs = await sequence.controlledEvaluate(input.map((token, index) => index === input.length - 1
                ? [token, {generateNext: {token: true, options: {temperature: 0}}}]
                : token));
            const next = outputs[input.length - 1]?.next.token;
            if (next == null) {
                throw new Error(`llama.cpp produced no token after ${generated.length} tokens`);
            }
            generated.push(next);
            input = [next];
        }
        return {tokens: generated};
    }, lora);
}

const operations = {
    tokenize,
    teacherForced,
    greedy,
    info: async () => ({llamaCpp: llama.llamaCppRelease.release})
};

const lines = createInterface({input: process.stdin, crlfDelay: Infinity});
for await (const line of lines) {
    if (line.trim() === "") {
        continue;
    }
    let answer;
    try {
        const request = JSON.parse(line);
        const operation = operations[request.op];
        if (operation == null) {
            throw new Error(`unknown op ${JSON.stringify(request.op)}; expected one of ${Object.keys(operations).join(", ")}`);
        }
        answer = await operation(request);
    } catch (error) {
        answer = {error: String(error?.message ?? error)};
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
}
for (const m of models.values()) {
    await m.dispose();
}
await llama.dispose();
