/**
 * The supervised fine-tuning stage: {@link org.wenjin.train.sft.SftRun} from files to files (data, memory check,
 * manifest, training, export, report card) and {@link org.wenjin.train.sft.SftTrainer}, whose step is the whole of
 * training.
 */
package org.wenjin.train.sft;
