package org.wenjin.train.sft;

import java.nio.file.Path;
import java.util.List;
import org.wenjin.train.data.SftExample;
import org.wenjin.train.export.ExportType;

/**
 * Everything {@code wenjin train sft} was asked to do.
 *
 * @param base            the base model's GGUF file
 * @param dataFiles       JSONL files of examples, each with its repeat count
 * @param extraExamples   examples from elsewhere (the server's feedback, the knowledge graph)
 * @param extraSummary    what the extra examples are, for the run's manifest ("feedback: 3 corrections"), or empty
 * @param options         how to train
 * @param heldOutFraction fraction of the examples held out for the evaluation loss
 * @param outputType      the merged model's type
 * @param output          the merged GGUF to write
 * @param adapterOutput   the LoRA adapter GGUF to write as well, or null
 * @param runDirectory    where the log, the loss curve, checkpoints and the report go
 * @param resume          continue from the run directory's newest checkpoint
 * @param memoryLimit     bytes the run may use; 0 for the machine's physical memory
 * @param command         the command line, recorded in the run's manifest
 */
public record SftRequest(Path base, List<TrainingFile> dataFiles, List<SftExample> extraExamples, String extraSummary,
                         SftOptions options, double heldOutFraction, ExportType outputType, Path output,
                         Path adapterOutput, Path runDirectory, boolean resume, long memoryLimit, String command) {

    public SftRequest {
        dataFiles = List.copyOf(dataFiles);
        extraExamples = List.copyOf(extraExamples);
        if (dataFiles.isEmpty() && extraExamples.isEmpty()) {
            throw new IllegalArgumentException("no training data: give --data FILE.jsonl or --from feedback|graph");
        }
        if (adapterOutput != null && options.lora() == null) {
            throw new IllegalArgumentException("--adapter-out needs LoRA training (a --lora-rank); full fine-tuning has no adapter");
        }
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("--held-out must be in [0, 1), was " + heldOutFraction);
        }
    }
}
