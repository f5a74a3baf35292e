/**
 * Training examples from JSONL, the conversation store and the knowledge graph, turned into token ids with loss
 * masks by the model's chat template ({@link org.wenjin.train.data.SftEncoder}), split, shuffled and packed into
 * sequences ({@link org.wenjin.train.data.Packer}).
 */
package org.wenjin.train.data;
