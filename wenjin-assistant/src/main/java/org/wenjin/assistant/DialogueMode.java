package org.wenjin.assistant;

/**
 * Who does the dialogue work around an answer (making follow-ups standalone, planning the turn, condensing
 * older turns, finding what to remember) when a generative model is configured. The model does it better
 * but each step is one more generation before the answer starts, so it is a deployment's choice; without a
 * model it is always rules.
 */
public enum DialogueMode {
    /** Rules do the dialogue work; the model only writes answers. */
    RULES,
    /** The model does the dialogue work with the rewrite, plan, summarize and extract-memory templates; rules take over when its reply fails its checks. */
    MODEL
}
