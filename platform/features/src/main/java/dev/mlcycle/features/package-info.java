/**
 * Dataset rows to Tribuo examples: median imputation with missing flags, one-hot categoricals
 * with an unseen bucket, scaling fitted on the train split; one code path for training, online
 * and batch inference. Filled by the training issue.
 */
package dev.mlcycle.features;
