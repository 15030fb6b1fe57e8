/**
 * Learning algorithms (PPO, evolution strategies, DDPG, double DQN), independent of any one architecture or
 * environment. Empty so far: they arrive with the swimmer-experiments issue.
 */
package org.neuroprior.agents;
