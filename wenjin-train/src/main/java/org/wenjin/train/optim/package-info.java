/** AdamW with checkpointable moments, and the learning-rate schedule. */
package org.wenjin.train.optim;
