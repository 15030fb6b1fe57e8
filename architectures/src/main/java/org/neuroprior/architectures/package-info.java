/**
 * Policy and perception networks (MLP, NCAP, ConvRNN Encoder-Attender-Decoder, predictive auxiliary heads).
 * Empty so far: the networks arrive with the swimmer-experiments issue; the module exists so that the build
 * layout and dependency direction (experiments -> agents -> architectures -> envs) are fixed from the start.
 */
package org.neuroprior.architectures;
