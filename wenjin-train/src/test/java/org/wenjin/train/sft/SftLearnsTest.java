package org.wenjin.train.sft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wenjin.llm.generate.GenerationListener;
import org.wenjin.llm.generate.GenerationRequest;
import org.wenjin.llm.generate.GenerationResult;
import org.wenjin.llm.generate.SamplingParameters;
import org.wenjin.llm.generate.Session;
import org.wenjin.llm.model.LanguageModel;
import org.wenjin.llm.model.SequenceState;
import org.wenjin.train.TinyModelFiles;
import org.wenjin.train.data.DataProblem;
import org.wenjin.train.export.ExportType;
import org.wenjin.train.model.LoraSettings;
import org.wenjin.train.model.LoraTarget;
import org.wenjin.train.run.StepMetrics;

/**
 * LoRA fine-tuning teaches the real tiny model of the test data (stories260K) twenty sentences it has never seen,
 * through the whole stage: JSONL in, training, a merged GGUF out, run by the engine. Afterwards the engine completes
 * each sentence's first half with its second half, and the model has not forgotten what it knew: its loss on text it
 * wrote itself before training rises by at most 10 %.
 *
 * <p>The recipe is the one docs/training.md gives for teaching a small model new facts: the new examples repeated
 * among text of the kind the model already writes (rehearsal, here 300 of its own stories), a low learning rate and
 * many short steps. Without the rehearsal text a model this small forgets most of what it knew (its loss on its own
 * stories triples), because every update that stores a sentence also moves everything else.
 */
class SftLearnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> SENTENCES = List.of(
            "Pip the purple frog painted seven blue boats for the old king.",
            "The little robot named Bolt sang a song about green cheese.",
            "Mia found a golden key under the tall orange mushroom.",
            "A sleepy owl called Hoot baked honey bread every Tuesday.",
            "Tom and his dog Biscuit flew a red kite over the quiet lake.",
            "The brave mouse climbed the cold mountain to find a silver spoon.",
            "Lily wore her yellow boots to dance with the happy penguins.",
            "Grandpa Joe built a wooden train that could talk to the stars.",
            "The tiny dragon sneezed and turned the clouds into pink candy.",
            "Ben planted a magic seed that grew a tree full of shiny bells.",
            "A kind giraffe helped the lost duck find its way to the river.",
            "Sara counted twelve snails racing across the wet garden wall.",
            "The old bear kept a jar of buttons under his soft blue bed.",
            "Max the cat learned to play the drum with his fluffy tail.",
            "Two little bunnies shared a carrot cake on a rainy afternoon.",
            "The friendly whale gave the fish a ride to the sunny island.",
            "Anna drew a map of the moon with her bright purple crayon.",
            "A squirrel named Nutty hid a red ball inside the hollow log.",
            "The baker made a cookie as big as a wheel for the whole town.",
            "Sam and Zoe built a sandcastle with a tower made of shells.");

    @TempDir
    Path directory;

    @Test
    void loraTeachesTwentyNewSentencesWithoutForgetting() throws IOException {
        Path base = TinyModelFiles.stories260K();
        List<int[]> heldOut = sampleOwnText(base, 12, 48, 100);
        double lossBefore = meanLoss(base, heldOut);

        Path sentences = directory.resolve("sentences.jsonl");
        List<String> lines = new ArrayList<>();
        for (String sentence : SENTENCES) {
            lines.add(JSON.writeValueAsString(Map.of("prompt", firstHalf(sentence), "completion", " " + secondHalf(sentence))));
        }
        Files.write(sentences, lines);
        Path rehearsal = directory.resolve("own-stories.jsonl");
        lines.clear();
        try (LanguageModel lm = LanguageModel.load(base)) {
            for (int[] text : sampleOwnText(base, 300, 128, 1000)) {
                lines.add(JSON.writeValueAsString(Map.of("text", lm.tokenizer().decode(Arrays.copyOfRange(text, 1, text.length)))));
            }
        }
        Files.write(rehearsal, lines);

        Path output = directory.resolve("tuned.gguf");
        SftOptions options = new SftOptions(new LoraSettings(16, 32f, 0f, LoraTarget.all()), 1, 1e-3, 256, 256,
                600, 42, 0.05, 0.0, 1.0, 0, 0, DataType.FLOAT32);
        SftRequest request = new SftRequest(base, List.of(new TrainingFile(sentences, 30), TrainingFile.of(rehearsal)),
                List.of(), "", options, 0.0, ExportType.F32, output, null, directory.resolve("run"), false, 0, "test");
        SftRun.run(request, new Progress());

        int recalled = 0;
        List<String> misses = new ArrayList<>();
        try (LanguageModel tuned = LanguageModel.load(output)) {
            for (String sentence : SENTENCES) {
                String completion = greedy(tuned, firstHalf(sentence), 24);
                if (completion.strip().startsWith(secondHalf(sentence))) {
                    recalled++;
                } else {
                    misses.add(firstHalf(sentence) + " | " + completion);
                }
            }
        }
        double lossAfter = meanLoss(output, heldOut);
        System.out.printf("recalled %d of %d sentences; loss on the model's own stories %.4f before, %.4f after (%+.1f %%)%n",
                recalled, SENTENCES.size(), lossBefore, lossAfter, 100 * (lossAfter / lossBefore - 1));
        assertThat(recalled).as("sentences completed word for word; misses: %s", misses).isGreaterThanOrEqualTo(18);
        assertThat(lossAfter).as("loss on the base model's own stories, %.4f before training", lossBefore)
                .isLessThanOrEqualTo(lossBefore * 1.10);
    }

    private static String firstHalf(String sentence) {
        String[] words = sentence.split(" ");
        return String.join(" ", Arrays.asList(words).subList(0, words.length / 2));
    }

    private static String secondHalf(String sentence) {
        String[] words = sentence.split(" ");
        return String.join(" ", Arrays.asList(words).subList(words.length / 2, words.length));
    }

    /** Texts the untouched model writes from its BOS token alone, sampled at temperature 1. */
    static List<int[]> sampleOwnText(Path model, int texts, int tokens, long seed) throws IOException {
        List<int[]> samples = new ArrayList<>();
        try (LanguageModel lm = LanguageModel.load(model)) {
            int bos = lm.tokenizer().encode("", true, false)[0];
            for (int i = 0; i < texts; i++) {
                Session session = new Session(lm, tokens + 1);
                GenerationResult result = session.generate(new int[] {bos},
                        GenerationRequest.of(tokens, SamplingParameters.defaults(seed + i).withTemperature(1f)
                                .withTopK(0).withTopP(1f).withMinP(0f)), GenerationListener.NONE);
                int[] sample = new int[result.tokens().length + 1];
                sample[0] = bos;
                System.arraycopy(result.tokens(), 0, sample, 1, result.tokens().length);
                samples.add(sample);
            }
        }
        return samples;
    }

    /** Mean next-token cross-entropy of {@code texts} under the engine running {@code model}. */
    static double meanLoss(Path model, List<int[]> texts) throws IOException {
        double sum = 0;
        int count = 0;
        try (LanguageModel lm = LanguageModel.load(model)) {
            for (int[] text : texts) {
                SequenceState state = lm.transformer().newState(text.length);
                for (int i = 0; i + 1 < text.length; i++) {
                    float[] logits = lm.transformer().forward(state, text[i], i);
                    double max = Double.NEGATIVE_INFINITY;
                    for (float l : logits) {
                        max = Math.max(max, l);
                    }
                    double z = 0;
                    for (float l : logits) {
                        z += Math.exp(l - max);
                    }
                    sum += max + Math.log(z) - logits[text[i + 1]];
                    count++;
                }
            }
        }
        return sum / count;
    }

    static String greedy(LanguageModel lm, String prompt, int tokens) {
        int[] ids = lm.tokenizer().encode(prompt, true, false);
        Session session = new Session(lm, ids.length + tokens);
        GenerationResult result = session.generate(ids, GenerationRequest.of(tokens, SamplingParameters.greedy()),
                GenerationListener.NONE);
        return lm.tokenizer().decode(result.tokens());
    }

    /** Prints what the run read and every hundredth step's loss. */
    static final class Progress implements SftRun.Reporter {
        @Override
        public void problem(DataProblem problem) {
            System.out.println(problem);
        }

        @Override
        public void info(String message) {
            System.out.println(message);
        }

        @Override
        public void step(StepMetrics metrics) {
            if (metrics.step() % 100 == 0) {
                System.out.printf("step %d loss %.4f%n", metrics.step(), metrics.loss());
            }
        }
    }
}
