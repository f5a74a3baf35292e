/** What a training run leaves in its directory: the step log, the loss curve and checkpoints. */
package org.wenjin.train.run;
