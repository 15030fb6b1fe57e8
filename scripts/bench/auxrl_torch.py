#!/usr/bin/env python3
"""PyTorch reference for `neuroprior bench --predictive`: double DQN training steps per second on the shuffled
gridworld with the predictive-heads paper's networks (Fang and Stachenfeld 2024, their auxrl code's "dm" encoder),
one update of a 64-transition batch per environment step, with or without the predictive heads.

The networks are the ones NeuroPrior's `conv` architecture and `PredictiveHead` build (the same function on the same
shapes): encoder conv 1->16 (2x2) relu, conv 16->32 (2x2) relu, max-pool 2, flatten (512), fc 32 relu, fc 5 (the
latent z, linear); Q head relu(z) -> 16 relu -> 4; transition model T(z, a) = z + f([relu(z), onehot(a)]) with f:
9 -> 16 relu -> 5. One update: the online network on the batch's s_t and s_{t+1} (128 rows: Q(s_t), argmax_a
Q(s_{t+1}), and the latents of both), the target network on s_{t+1}, double-DQN MSE, and with heads the one-step
prediction loss (gamma 0) and both negative terms (weights 0.01 each, the paper's shuffled-grid "prediction +
negatives" model); one Adam step (lr 1e-4) over everything; target copied every 1000 updates. Behaviour: uniformly
random actions (epsilon 1), as the reference protocol. Environment: the 10 x 10 room (8 x 8 inside walls), hidden
goal, random starts, 150-step limit, one fixed pixel permutation, in numpy.

Prints one line: `steps_per_cpu_second=<x> steps_per_wall_second=<y>` for the timed steps (after a warm-up),
with torch on one intra-op thread (the Java side runs one agent on one thread).

Usage: auxrl_torch.py [--heads] [--steps N] [--warmup N] [--seed S]
"""
import argparse
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Grid:
    """The shuffled room: observation (1, 10, 10), walls -1, agent +1; actions 0 x-1, 1 x+1, 2 y-1, 3 y+1."""

    def __init__(self, rng):
        self.rng = rng
        self.base = np.zeros((10, 10), np.float32)
        self.base[0, :] = self.base[-1, :] = self.base[:, 0] = self.base[:, -1] = -1
        self.goal = (int(rng.integers(1, 9)), int(rng.integers(1, 9)))
        self.perm = rng.permutation(100)

    def observe(self):
        img = self.base.copy()
        img[self.pos] = 1
        return img.reshape(-1)[self.perm].reshape(1, 10, 10)

    def reset(self):
        while True:
            self.pos = (int(self.rng.integers(1, 9)), int(self.rng.integers(1, 9)))
            if self.pos != self.goal:
                break
        self.t = 0
        return self.observe()

    def step(self, a):
        x, y = self.pos
        nx, ny = [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)][a]
        if self.base[nx, ny] == 0:
            self.pos = (nx, ny)
        self.t += 1
        reached = self.pos == self.goal
        return self.observe(), float(reached), reached or self.t >= 150


class Net(nn.Module):
    def __init__(self, latent=5):
        super().__init__()
        self.c1 = nn.Conv2d(1, 16, 2)
        self.c2 = nn.Conv2d(16, 32, 2)
        self.f1 = nn.Linear(512, 32)
        self.f2 = nn.Linear(32, latent)
        self.q1 = nn.Linear(latent, 16)
        self.q2 = nn.Linear(16, 4)

    def encode(self, x):
        x = F.max_pool2d(F.relu(self.c2(F.relu(self.c1(x)))), 2)
        return self.f2(F.relu(self.f1(x.flatten(1))))

    def q(self, z):
        return self.q2(F.relu(self.q1(F.relu(z))))


class Transition(nn.Module):
    def __init__(self, latent=5, actions=4):
        super().__init__()
        self.h = nn.Linear(latent + actions, 16)
        self.o = nn.Linear(16, latent)

    def forward(self, z, onehot):
        return z + self.o(F.relu(self.h(torch.cat([F.relu(z), onehot], 1))))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--heads", action="store_true")
    p.add_argument("--steps", type=int, default=1500)
    p.add_argument("--warmup", type=int, default=3000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    env = Grid(rng)
    online, target, trans = Net(), Net(), Transition()
    target.load_state_dict(online.state_dict())
    params = list(online.parameters()) + (list(trans.parameters()) if args.heads else [])
    opt = torch.optim.Adam(params, lr=1e-4)
    cap, batch = 20000, 64
    obs = np.zeros((cap, 1, 10, 10), np.float32)
    nxt = np.zeros((cap, 1, 10, 10), np.float32)
    act = np.zeros(cap, np.int64)
    rew = np.zeros(cap, np.float32)
    last = np.zeros(cap, np.float32)
    size, at, updates = 0, 0, 0
    s = env.reset()

    def update():
        nonlocal updates
        # (t, t + 1) pairs as the reference samples them: index i and i + 1 of the buffer.
        i = rng.integers(0, size - 1, batch)
        s0, s1 = torch.from_numpy(obs[i]), torch.from_numpy(nxt[i])
        a = torch.from_numpy(act[i])
        z = online.encode(torch.cat([s0, s1]))
        z0, z1 = z[:batch], z[batch:]
        q = online.q(z)
        with torch.no_grad():
            best = q[batch:].argmax(1, keepdim=True)
            boot = target.q(target.encode(s1)).gather(1, best).squeeze(1)
            y = torch.from_numpy(rew[i]) + 0.9 * boot * (1 - torch.from_numpy(last[i]))
        loss = F.mse_loss(q[:batch].gather(1, a[:, None]).squeeze(1), y)
        if args.heads:
            pred = trans(z0, F.one_hot(a, 4).float())
            loss = loss + 0.01 * F.mse_loss(pred, z1)
            loss = loss + 0.01 * torch.exp(-5 * (z0 - torch.roll(z0, 1, 0)).norm(dim=1)).mean()
            loss = loss + 0.01 * torch.exp(-5 * (z0 - z1).norm(dim=1)).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if updates % 1000 == 0:
            target.load_state_dict(online.state_dict())
        updates += 1

    def run(steps):
        nonlocal s, size, at
        for _ in range(steps):
            a = int(rng.integers(4))
            s2, r, done = env.step(a)
            obs[at], nxt[at], act[at], rew[at], last[at] = s, s2, a, r, float(done)
            at = (at + 1) % cap
            size = min(size + 1, cap)
            s = env.reset() if done else s2
            if size >= batch:
                update()

    run(args.warmup)
    c0, t0 = time.process_time(), time.perf_counter()
    run(args.steps)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    print(f"steps_per_cpu_second={args.steps / cpu:.1f} steps_per_wall_second={args.steps / wall:.1f}")


if __name__ == "__main__":
    main()
