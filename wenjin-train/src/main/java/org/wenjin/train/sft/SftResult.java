package org.wenjin.train.sft;

/**
 * What a fine-tuning run achieved: the figures of its report card.
 *
 * @param steps           optimizer steps of the run
 * @param resumedFrom     the checkpoint's step the run resumed from, or 0
 * @param tokens          tokens processed by this process
 * @param finalLoss       training loss of the last step
 * @param evalLossBefore  held-out loss of the untrained model (NaN without a held-out split)
 * @param evalLossAfter   held-out loss after the last step (NaN without a held-out split)
 * @param seconds         training time of this process
 * @param tokensPerSecond tokens per second of this process
 */
public record SftResult(int steps, int resumedFrom, long tokens, double finalLoss, double evalLossBefore,
                        double evalLossAfter, double seconds, double tokensPerSecond) {
}
