#!/usr/bin/python3
"""PyTorch reference for `neuroprior bench --updates`: times the updates of NeuroPrior's DDPG, PPO and double DQN
on the same networks with the same sizes and settings, written as a PyTorch user would (SpinningUp's and tonic's
DDPG, tonic's PPO, CleanRL's dqn.py with double-Q targets), and prints one JSON line:

    {"reference": "pytorch", "algo": "ddpg", "threads": 1, "updates": 812, "seconds": 3.002,
     "updates_per_second": 270.5, "torch": "1.13.0a0", "blas": "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"}

Every size and setting is an argument (the Java bench passes the agents' resolved options, so nothing here is a
second copy of their defaults). Run it with Debian's interpreter, which has python3-torch:

    /usr/bin/python3 scripts/bench/updates_reference.py --algo ddpg --threads 1 --obs 24 --act 5 \
        --hidden 64,64 --activation tanh --critic-hidden 256,256 --critic-activation relu --batch 100 \
        --actor-lr 1e-3 --critic-lr 1e-3 --tau 0.005 --gamma 0.99 --buffer-rows 10000 --normalize

One update is what one call of the Java side's update runs:
  ddpg  one critic step (targets from the target networks) and one actor step through the updated critic, both Adam,
        then Polyak averaging of both target networks; observations normalised by fixed running statistics;
  ppo   on one collected segment: the running statistics take the segment, the critic's values, GAE (gamma, lambda)
        with bootstraps at episode ends and at the segment's end, normalised advantages, then actor_iterations
        full-batch Adam steps of the clipped surrogate (Gaussian around the tanh head, learned state-independent
        log-std; the approximate KL is computed at every step but never stops the loop) and critic_iterations
        full-batch Adam steps of the squared value error;
  dqn   one Adam step on the MSE (or Huber) TD loss towards r + gamma (1 - terminated) Q_target(s', argmax Q(s')),
        the target network copied every target_update updates.
The data are random (timing does not depend on their values). Warm-up updates run first, then updates are timed
until --seconds have passed. Exit code 2 with a usage line for a bad argument, 3 if torch cannot be imported;
--dry-run checks the arguments without torch (the Java side's test does).
"""
import argparse
import json
import math
import sys
import time


def widths(text):
    """'256,256' -> [256, 256]; '' or '[]' -> []."""
    text = text.strip().strip("[]").strip()
    if not text:
        return []
    values = [int(v) for v in text.split(",")]
    if any(v < 1 for v in values):
        raise ValueError(text)
    return values


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--algo", required=True, choices=["ddpg", "ppo", "dqn"])
    p.add_argument("--threads", type=int, required=True, help="torch.set_num_threads (intra-op threads)")
    p.add_argument("--seconds", type=float, default=3.0, help="timed seconds (at least one update)")
    p.add_argument("--warmup-seconds", type=float, default=1.0, help="untimed updates first (at least one)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--obs", type=int, required=True, help="observation size")
    p.add_argument("--act", type=int, required=True, help="action size (Box dimensions, or Discrete actions for dqn)")
    p.add_argument("--arch", choices=["mlp", "ncap"], default="mlp",
                   help="the policy: an MLP (--hidden, --activation) or NeuroPrior's default NCAP circuit (ppo, ddpg)")
    p.add_argument("--hidden", type=widths, help="mlp: the policy (or Q) MLP's hidden widths, e.g. 256,256")
    p.add_argument("--activation", choices=["tanh", "relu"], help="mlp: the hidden activation")
    p.add_argument("--ncap-time-limit", type=int, help="ncap: control steps at which the time feature (last input) reaches +1")
    p.add_argument("--ncap-period", type=int, help="ncap: the head oscillator's period in control steps")
    p.add_argument("--critic-hidden", type=widths, help="ddpg, ppo: the critic MLP's hidden widths")
    p.add_argument("--critic-activation", choices=["tanh", "relu"])
    p.add_argument("--normalize", action="store_true", help="the policy normalises observations by running statistics")
    p.add_argument("--batch", type=int, help="ddpg, dqn: transitions per update")
    p.add_argument("--buffer-rows", type=int, help="ddpg, dqn: transitions the batches are drawn from")
    p.add_argument("--lr", type=float, help="dqn: Adam step size")
    p.add_argument("--actor-lr", type=float, help="ddpg, ppo: the actor's Adam step size")
    p.add_argument("--critic-lr", type=float, help="ddpg, ppo: the critic's Adam step size")
    p.add_argument("--gamma", type=float, required=True)
    p.add_argument("--tau", type=float, help="ddpg: Polyak factor")
    p.add_argument("--segment", type=int, help="ppo: steps per segment, all environments together")
    p.add_argument("--envs", type=int, help="ppo: environments the segment was collected from")
    p.add_argument("--episode-length", type=int, help="ppo: steps after which an episode is truncated (time limit)")
    p.add_argument("--lam", type=float, help="ppo: GAE lambda")
    p.add_argument("--clip", type=float, help="ppo: clip range of the ratio")
    p.add_argument("--initial-log-std", type=float, help="ppo: the learned log-std's initial value")
    p.add_argument("--fixed-std", type=float, default=0.0, help="ppo: the Gaussian's fixed std; 0 = a learned log-std")
    p.add_argument("--actor-iterations", type=int, help="ppo: actor steps per update")
    p.add_argument("--critic-iterations", type=int, help="ppo: critic steps per update")
    p.add_argument("--critic-normalize", action="store_true", help="ppo: the critic normalises observations")
    p.add_argument("--target-update", type=int, help="dqn: updates between copies into the target network")
    p.add_argument("--loss", choices=["mse", "huber"], help="dqn: TD loss")
    p.add_argument("--dry-run", action="store_true", help="check the arguments, print them as JSON and exit (no torch needed)")
    a = p.parse_args(argv)
    needed = {"ddpg": ["critic_hidden", "critic_activation", "batch", "buffer_rows", "actor_lr", "critic_lr", "tau"],
              "ppo": ["critic_hidden", "critic_activation", "segment", "envs", "episode_length", "lam", "clip", "initial_log_std",
                      "actor_iterations", "critic_iterations", "actor_lr", "critic_lr"],
              "dqn": ["batch", "buffer_rows", "lr", "target_update", "loss"]}[a.algo]
    needed += ["hidden", "activation"] if a.arch == "mlp" else ["ncap_time_limit", "ncap_period"]
    if a.arch == "ncap" and a.algo == "dqn":
        p.error("--arch ncap is for ppo and ddpg (a Box policy)")
    missing = ["--" + n.replace("_", "-") for n in needed if getattr(a, n) is None]
    if missing:
        p.error("--algo %s needs %s" % (a.algo, ", ".join(missing)))
    if a.threads < 1 or a.seconds <= 0 or a.obs < 1 or a.act < 1 or a.fixed_std < 0:
        p.error("--threads, --obs and --act must be >= 1 and --seconds > 0")
    return a


def main(argv):
    a = parse(argv)
    if a.dry_run:
        print(json.dumps({k: v for k, v in vars(a).items() if v is not None}))
        return 0
    import torch  # after parsing, so that --help and bad arguments answer without torch
    import torch.nn as nn

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    g = torch.Generator().manual_seed(a.seed)

    def act(name):
        return nn.Tanh() if name == "tanh" else nn.ReLU()

    def mlp(inputs, hidden, activation, outputs, bounded):
        """Linear layers with PyTorch's default init (uniform +-1/sqrt(fan_in), as NeuroPrior's Dense)."""
        layers, width = [], inputs
        for h in hidden:
            layers += [nn.Linear(width, h), act(activation)]
            width = h
        layers.append(nn.Linear(width, outputs))
        if bounded:
            layers.append(nn.Tanh())
        return nn.Sequential(*layers)

    class Ncap(nn.Module):
        """NeuroPrior's default NCAP circuit (Bhattasali et al. 2022; architectures.Ncap with sharing, sign constraints,
        constant init, no navigation): 4 weights, B-neurons driven by the previous joint's angle and, at the head, by
        an oscillator read from the time feature (the last input), then antagonistic muscles; J = action size."""

        def __init__(self, joints, time_limit, period):
            super().__init__()
            self.j, self.time_limit, self.period = joints, time_limit, period
            self.scale = 2 * math.pi / (joints + 1)
            self.w_prop, self.w_osc, self.w_ipsi = (nn.Parameter(torch.ones(())) for _ in range(3))
            self.w_contra = nn.Parameter(-torch.ones(()))
            head = torch.zeros(1, joints)
            head[0, 0] = 1
            self.register_buffer("head", head)

        def forward(self, x):
            exc, inh = (lambda w: w.clamp(min=0)), (lambda w: w.clamp(max=0))
            q = (x[:, :self.j] / self.scale).clamp(-1, 1)
            zero = x.new_zeros(x.shape[0], 1)
            d = torch.cat([zero, torch.relu(q)[:, :-1]], 1) * exc(self.w_prop)   # joint i reads joint i - 1
            v = torch.cat([zero, torch.relu(-q)[:, :-1]], 1) * exc(self.w_prop)
            t = torch.round((x[:, -1:] + 1) * (self.time_limit / 2))
            osc_d = ((t - torch.floor(t / self.period) * self.period) < self.period // 2).to(x.dtype)
            d = d + osc_d * self.head * exc(self.w_osc)
            v = v + (1 - osc_d) * self.head * exc(self.w_osc)
            bd, bv = d.clamp(0, 1), v.clamp(0, 1)
            md = (bd * exc(self.w_ipsi) + bv * inh(self.w_contra)).clamp(0, 1)
            mv = (bv * exc(self.w_ipsi) + bd * inh(self.w_contra)).clamp(0, 1)
            return md - mv

    def policy():
        """The policy network: the MLP with a tanh head, or the NCAP circuit (bounded by its muscles)."""
        if a.arch == "ncap":
            return Ncap(a.act, a.ncap_time_limit, a.ncap_period)
        return mlp(a.obs, a.hidden, a.activation, a.act, True)

    class Normalizer:
        """Running mean and variance of observations; (x - mean) / sqrt(var + 1e-8) clipped to +-10 (tonic's)."""

        def __init__(self, size):
            self.count, self.mean, self.var = 0, torch.zeros(size, dtype=torch.float64), torch.ones(size, dtype=torch.float64)
            self.refresh()

        def record(self, x):
            x = x.to(torch.float64)
            n, m, v = x.shape[0], x.mean(0), x.var(0, unbiased=False)
            total = self.count + n
            delta = m - self.mean
            self.mean = self.mean + delta * n / total
            self.var = (self.var * self.count + v * n + delta ** 2 * self.count * n / total) / total
            self.count = total
            self.refresh()

        def refresh(self):
            self.m, self.s = self.mean.float(), torch.sqrt(self.var + 1e-8).float()

        def __call__(self, x):
            return ((x - self.m) / self.s).clamp(-10, 10)

    if a.algo == "ddpg":
        update = ddpg(a, torch, mlp, policy, Normalizer, g)
    elif a.algo == "ppo":
        update = ppo(a, torch, mlp, policy, Normalizer, g)
    else:
        update = dqn(a, torch, mlp, Normalizer, g)

    t0 = time.perf_counter()
    update()
    while time.perf_counter() - t0 < a.warmup_seconds:
        update()
    count, t0 = 0, time.perf_counter()
    while True:
        update()
        count += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= a.seconds:
            break
    print(json.dumps({"reference": "pytorch", "algo": a.algo, "threads": torch.get_num_threads(), "updates": count,
                      "seconds": round(elapsed, 4), "updates_per_second": count / elapsed, "torch": torch.__version__,
                      "blas": blas_library()}))
    return 0


def blas_library():
    """The BLAS library this process loaded (Debian's torch takes whatever libblas.so.3 resolves to)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.rsplit("/", 1)[-1]}
        return ",".join(sorted(paths)) or "unknown"
    except OSError:
        return "unknown"


def replay(a, torch, g, discrete):
    """A filled replay buffer of random transitions: observations, actions, rewards, next observations, 1 - terminated."""
    n = a.buffer_rows
    obs = torch.randn(n, a.obs, generator=g)
    nxt = torch.randn(n, a.obs, generator=g)
    if discrete:
        actions = torch.randint(0, a.act, (n, 1), generator=g)
    else:
        actions = torch.rand(n, a.act, generator=g) * 2 - 1
    rewards = torch.rand(n, generator=g)
    not_terminal = (torch.rand(n, generator=g) > 0.01).float()
    return obs, actions, rewards, nxt, not_terminal


def ddpg(a, torch, mlp, policy, Normalizer, g):
    actor = policy()
    critic = mlp(a.obs + a.act, a.critic_hidden, a.critic_activation, 1, False)
    target_actor = policy()
    target_critic = mlp(a.obs + a.act, a.critic_hidden, a.critic_activation, 1, False)
    target_actor.load_state_dict(actor.state_dict())
    target_critic.load_state_dict(critic.state_dict())
    for p in list(target_actor.parameters()) + list(target_critic.parameters()):
        p.requires_grad_(False)
    actor_opt = torch.optim.Adam(actor.parameters(), lr=a.actor_lr)
    critic_opt = torch.optim.Adam(critic.parameters(), lr=a.critic_lr)
    obs, actions, rewards, nxt, not_terminal = replay(a, torch, g, False)
    normalizer = Normalizer(a.obs)
    normalizer.record(obs)
    norm = normalizer if a.normalize else (lambda x: x)
    pairs = list(zip(actor.parameters(), target_actor.parameters())) + list(zip(critic.parameters(), target_critic.parameters()))

    def update():
        i = torch.randint(0, a.buffer_rows, (a.batch,), generator=g)
        o, o2, act, r, d = norm(obs[i]), norm(nxt[i]), actions[i], rewards[i], not_terminal[i]
        with torch.no_grad():
            y = r + a.gamma * d * target_critic(torch.cat([o2, target_actor(o2)], 1)).squeeze(1)
        q = critic(torch.cat([o, act], 1)).squeeze(1)
        critic_loss = ((q - y) ** 2).mean()
        critic_opt.zero_grad(set_to_none=True)
        critic_loss.backward()
        critic_opt.step()
        for p in critic.parameters():
            p.requires_grad_(False)  # the actor's step differentiates through the critic, not into it
        actor_loss = -critic(torch.cat([o, actor(o)], 1)).mean()
        actor_opt.zero_grad(set_to_none=True)
        actor_loss.backward()
        actor_opt.step()
        for p in critic.parameters():
            p.requires_grad_(True)
        with torch.no_grad():
            for p, t in pairs:
                t.mul_(1 - a.tau).add_(p, alpha=a.tau)

    return update


def ppo(a, torch, mlp, policy, Normalizer, g):
    import numpy as np
    actor = policy()
    if a.fixed_std > 0:
        log_std = torch.full((a.act,), math.log(a.fixed_std))   # NCAP's fixed std: not a parameter
        learned = []
    else:
        log_std = torch.nn.Parameter(torch.full((a.act,), a.initial_log_std))
        learned = [log_std]
    critic = mlp(a.obs, a.critic_hidden, a.critic_activation, 1, False)
    actor_opt = torch.optim.Adam(list(actor.parameters()) + learned, lr=a.actor_lr)
    critic_opt = torch.optim.Adam(critic.parameters(), lr=a.critic_lr)
    actor_norm, critic_norm = Normalizer(a.obs), Normalizer(a.obs)
    steps = -(-a.segment // a.envs)
    n = steps * a.envs
    # The segment, environment by environment (row e * steps + t), as collected by the policy with its noise.
    obs = torch.randn(n, a.obs, generator=g)
    with torch.no_grad():
        actions = actor(obs) + torch.exp(log_std) * torch.randn(n, a.act, generator=g)
    rewards = np.random.default_rng(a.seed).random((a.envs, steps))
    t = np.arange(steps)
    ended = np.broadcast_to((t + 1) % a.episode_length == 0, (a.envs, steps))   # time limits inside the segment
    cut = ended.copy()
    cut[:, -1] = True                                                             # the segment's end cuts the episode
    ends = torch.as_tensor(np.flatnonzero(cut.reshape(-1)))
    following = torch.randn(len(ends), a.obs, generator=g)                        # the observations after them

    def update():
        actor_norm.record(obs)
        critic_norm.record(obs)
        xa = actor_norm(obs) if a.normalize else obs
        xc = critic_norm(obs) if a.critic_normalize else obs
        with torch.no_grad():
            values = critic(xc).squeeze(1).numpy().astype(np.float64).reshape(a.envs, steps)
            boot = np.zeros(n)
            boot[ends.numpy()] = critic(critic_norm(following) if a.critic_normalize else following).squeeze(1).numpy()
            boot = boot.reshape(a.envs, steps)
        # GAE backwards in time, all environments at once (tonic's loop); nothing terminates on the swimmer.
        advantages = np.zeros((a.envs, steps))
        running = np.zeros(a.envs)
        for k in range(steps - 1, -1, -1):
            next_value = np.where(cut[:, k], boot[:, k], values[:, min(k + 1, steps - 1)])
            running = np.where(cut[:, k], 0.0, running)
            delta = rewards[:, k] + a.gamma * next_value - values[:, k]
            running = delta + a.gamma * a.lam * running
            advantages[:, k] = running
        returns = torch.as_tensor((advantages + values).reshape(-1), dtype=torch.float32)
        adv = advantages.reshape(-1)
        adv = torch.as_tensor((adv - adv.mean()) / (adv.std() + 1e-8), dtype=torch.float32)

        def log_prob(mean):
            z = (actions - mean) / torch.exp(log_std)
            return -0.5 * (z ** 2 + 2 * log_std + np.log(2 * np.pi)).sum(1)

        with torch.no_grad():
            old = log_prob(actor(xa))
        for _ in range(a.actor_iterations):
            logp = log_prob(actor(xa))
            ratio = torch.exp(logp - old)
            loss = -torch.min(ratio * adv, ratio.clamp(1 - a.clip, 1 + a.clip) * adv).mean()
            kl = (old - logp).mean().item()  # tonic reads it each step (its early stop is off here)
            actor_opt.zero_grad(set_to_none=True)
            loss.backward()
            actor_opt.step()
        for _ in range(a.critic_iterations):
            loss = ((critic(xc).squeeze(1) - returns) ** 2).mean()
            critic_opt.zero_grad(set_to_none=True)
            loss.backward()
            critic_opt.step()
        return kl

    return update


def dqn(a, torch, mlp, Normalizer, g):
    import torch.nn.functional as F
    q = mlp(a.obs, a.hidden, a.activation, a.act, False)
    target = mlp(a.obs, a.hidden, a.activation, a.act, False)
    target.load_state_dict(q.state_dict())
    opt = torch.optim.Adam(q.parameters(), lr=a.lr)
    obs, actions, rewards, nxt, not_terminal = replay(a, torch, g, True)
    normalizer = Normalizer(a.obs)
    normalizer.record(obs)
    norm = normalizer if a.normalize else (lambda x: x)
    loss_fn = F.mse_loss if a.loss == "mse" else F.smooth_l1_loss
    done = [0]

    def update():
        i = torch.randint(0, a.buffer_rows, (a.batch,), generator=g)
        o, o2, act, r, d = norm(obs[i]), norm(nxt[i]), actions[i], rewards[i], not_terminal[i]
        with torch.no_grad():
            best = q(o2).argmax(1, keepdim=True)                       # the online network picks s''s action
            y = r + a.gamma * d * target(o2).gather(1, best).squeeze(1)  # the target network values it
        loss = loss_fn(q(o).gather(1, act).squeeze(1), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        done[0] += 1
        if done[0] % a.target_update == 0:
            target.load_state_dict(q.state_dict())

    return update


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except ImportError as e:
        print("cannot import torch in %s (%s): install Debian's python3-torch and run /usr/bin/python3" % (sys.executable, e),
              file=sys.stderr)
        sys.exit(3)
