#!/usr/bin/env python3
"""PyTorch reference for `neuroprior bench --tactile`: the same tactile models as the Java families, for speed.

Each model mirrors the SameDiff definition (its sizes read from the Java model's parameter shapes) in architectures/.../tactile (same layers, shapes, parameter count and
order of computation), so that training and inference samples/s and memory can be compared side by side:
  convrnn  ConvRnnEncoder, TimeDecay cells (the family's default) or UGRNN cells without LayerNorm
           (convrnn:ugrnn), biological unrolling, MLP decoder
  resnet   ResNetEncoder (basic blocks, LayerNorm over channels), MLP decoder
  s4       StateSpaceEncoder (S4D-Real as a causal Toeplitz product), MLP decoder
and, when the Java model has one (attender=gpt), GptAttender after the encoder (minGPT's blocks, the causal mask
applied to the logits as the Java definition and minGPT do), read on its last step by the linear head.
The batch is random (Gaussian frames, uniform labels): the figure is the model's speed, not the data loader's.

A worker: started with the model, it answers commands on stdin, one JSON line each on stdout:
  train K   K training steps (forward, cross-entropy, backward, Adam) -> samples/s, resident and peak memory
  infer K   K forward passes without gradients -> samples/s, memory
  epoch K   K training steps -> samples/s, memory, and the resident memory after each step (rss_trace_mb)
  quit
Usage: tactile_torch.py --family convrnn --shapes '{"encoder/conv1/W": [2, 2, 30, 12], ...}' --threads 1 --batch 64
       --frames 110 --classes 15 [--parameters N (refuse a model of another size)] [--heads H (the attender's)]
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROWS, COLUMNS, FEATURES, FRAMES_PER_STEP = 5, 7, 6, 5
CHANNELS = FRAMES_PER_STEP * FEATURES


def images(frames, steps):
    """[B, F, 35, 6] -> [T * B, 30, 5, 7], time-major, channel = 6 * frame + feature (TactileGrid.images)."""
    x = frames.reshape(-1, steps, FRAMES_PER_STEP, ROWS, COLUMNS, FEATURES)
    return x.permute(1, 0, 2, 5, 3, 4).reshape(-1, CHANNELS, ROWS, COLUMNS)


def pad_same(x, kernel, stride):
    """TensorFlow's (and ND4J's) "same" padding: output ceil(size / stride), the odd pixel at the bottom/right."""
    pads = []
    for size in (x.shape[3], x.shape[2]):
        out = -(-size // stride)
        total = max((out - 1) * stride + kernel - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads)


def channel_norm(x, norm):
    """LayerNorm over the channels at each grid position (the Java LayerNorm on axis 1 of NCHW, epsilon 1e-5 as here)."""
    return norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class UgrnnCell(nn.Module):
    """ConvCell.Gated UGRNN without LayerNorm: (g, c) = split(conv([x, s])); s' = g s + (1 - g) c."""

    def __init__(self, width):
        super().__init__()
        self.conv = nn.Conv2d(2 * width, 2 * width, 2)

    def forward(self, x, s):
        if s is None:
            s = torch.zeros_like(x)
        g, c = self.conv(pad_same(torch.cat([x, s], 1), 2, 1)).chunk(2, 1)
        g, c = torch.sigmoid(g + 1), torch.tanh(c)
        return c + g * (s - c)


class ConvRnn(nn.Module):
    """ConvRnnEncoder with TimeDecay (or UGRNN) cells and the biological unrolling."""

    def __init__(self, steps, widths, fc, latent, cell="timedecay"):
        super().__init__()
        self.steps, self.widths = steps, widths
        self.cells = nn.ModuleList([UgrnnCell(w) for w in widths]) if cell == "ugrnn" else None
        layers = len(widths)
        self.inputs = []
        for k in range(layers):
            inp = [k - 1] + ([j for j in range(k + 1, min(k + 3, layers))] if k >= 1 else [])
            self.inputs.append(inp)
        self.convs = nn.ModuleList()
        for k in range(layers):
            cin = sum(CHANNELS if j < 0 else widths[j] for j in self.inputs[k])
            self.convs.append(nn.Conv2d(cin, widths[k], 2))
        if self.cells is None:
            self.taus = nn.ParameterList([nn.Parameter(torch.zeros(1)) for _ in range(layers)])
        self.fc_inputs = list(range(1, layers - 1, 2)) + [layers - 1]
        self.h, self.w = ROWS - 1, COLUMNS - 1
        self.fc1 = nn.Linear(sum(widths[j] for j in self.fc_inputs) * self.h * self.w, fc)
        self.fc2 = nn.Linear(fc, latent)

    def forward(self, frames):
        steps, widths, layers = self.steps, self.widths, len(self.widths)
        pre = self.convs[0](images(frames, steps))          # conv1 ("valid") once over all steps
        first = pre.reshape(steps, -1, widths[0], self.h, self.w).unbind(0)
        batch = frames.shape[0]
        zeros = {}

        def zero(*shape):
            if shape not in zeros:
                zeros[shape] = frames.new_zeros((batch,) + shape)
            return zeros[shape]

        previous = [None] * (layers + 2)
        states = [None] * layers
        outputs = []
        for t in range(steps):
            current = [None] * (layers + 2)
            for k in range(layers):
                if k == 0:
                    x = first[t]
                else:
                    parts = [previous[j] if previous[j] is not None else zero(widths[j], self.h, self.w) for j in self.inputs[k]]
                    merged = parts[0] if len(parts) == 1 else torch.cat(parts, 1)
                    x = self.convs[k](pad_same(merged, 2, 1))
                if self.cells is not None:
                    s = self.cells[k](x, states[k])
                else:
                    s = x if states[k] is None else x + self.taus[k] * states[k]
                states[k] = s
                current[k] = F.relu(s)
            parts = [previous[j] if previous[j] is not None else zero(widths[j], self.h, self.w) for j in self.fc_inputs]
            current[layers] = F.relu(self.fc1(torch.cat(parts, 1).reshape(batch, -1)))
            fc_prev = previous[layers] if previous[layers] is not None else zero(self.fc1.out_features)
            current[layers + 1] = F.relu(self.fc2(fc_prev))
            outputs.append(current[layers + 1])
            previous = current
        return torch.stack(outputs, 1)                      # [B, T, latent]


class ConvNorm(nn.Module):
    def __init__(self, kernel, cin, cout, stride):
        super().__init__()
        self.kernel, self.stride = kernel, stride
        self.conv = nn.Conv2d(cin, cout, kernel, stride, bias=False)
        self.norm = nn.LayerNorm(cout)

    def forward(self, x):
        return channel_norm(self.conv(pad_same(x, self.kernel, self.stride)), self.norm)


class ResNet(nn.Module):
    """ResNetEncoder: a stem, stages of basic blocks (stride 2 from the second stage on), mean over the grid."""

    def __init__(self, steps, widths, blocks):
        super().__init__()
        self.steps = steps
        self.stem = ConvNorm(3, CHANNELS, widths[0], 1)
        self.blocks = nn.ModuleList()
        cin = widths[0]
        for s, w in enumerate(widths):
            for b in range(blocks):
                stride = 2 if s > 0 and b == 0 else 1
                block = nn.Module()
                block.first = ConvNorm(3, cin, w, stride)
                block.second = ConvNorm(3, w, w, 1)
                block.projection = ConvNorm(1, cin, w, stride) if stride != 1 or cin != w else None
                self.blocks.append(block)
                cin = w
        self.width = widths[-1]

    def forward(self, frames):
        x = F.relu(self.stem(images(frames, self.steps)))
        for b in self.blocks:
            y = b.second(F.relu(b.first(x)))
            x = F.relu(y + (x if b.projection is None else b.projection(x)))
        return x.mean((2, 3)).reshape(self.steps, -1, self.width).permute(1, 0, 2)


def gelu_sigmoid(x):
    """SameDiff's gelu: x sigmoid(1.702 x)."""
    return x * torch.sigmoid(1.702 * x)


class StateSpace(nn.Module):
    """StateSpaceEncoder: S4D-Real blocks, the recurrence as one causal Toeplitz product per channel."""

    def __init__(self, steps, width, layers, states):
        super().__init__()
        self.steps, self.width, self.states = steps, width, states
        self.input = nn.Linear(CHANNELS * ROWS * COLUMNS, width)
        self.log_dt = nn.ParameterList([nn.Parameter(torch.rand(width, 1) * 4.6 - 6.9) for _ in range(layers)])
        self.log_a = nn.ParameterList([nn.Parameter(torch.log(torch.arange(1, states + 1).float()).repeat(width, 1)) for _ in range(layers)])
        self.c = nn.ParameterList([nn.Parameter(torch.randn(width, states)) for _ in range(layers)])
        self.d = nn.ParameterList([nn.Parameter(torch.randn(width, 1, 1)) for _ in range(layers)])
        self.out = nn.ModuleList([nn.Linear(width, width) for _ in range(layers)])
        self.norm = nn.ModuleList([nn.LayerNorm(width) for _ in range(layers)])
        basis = torch.zeros(steps, steps * steps)
        for t in range(steps):
            for s in range(t + 1):
                basis[t - s, t * steps + s] = 1
        self.register_buffer("toeplitz", basis)
        self.register_buffer("lags", torch.arange(steps).float().reshape(1, 1, steps))

    def forward(self, frames):
        steps, width, states = self.steps, self.width, self.states
        u = self.input(images(frames, steps).reshape(-1, CHANNELS * ROWS * COLUMNS))
        for l in range(len(self.out)):
            dt = torch.exp(self.log_dt[l])
            a = -torch.exp(self.log_a[l])
            dt_a = a * dt
            weight = self.c[l] * (torch.exp(dt_a) - 1) / a
            powers = torch.exp(dt_a.reshape(width, states, 1) * self.lags)
            kernel = torch.matmul(weight.reshape(width, 1, states), powers).reshape(width, steps)
            causal = torch.matmul(kernel, self.toeplitz).reshape(width, steps, steps)
            v = u.reshape(steps, -1, width).permute(2, 0, 1)
            y = torch.matmul(causal, v) + v * self.d[l]
            z = self.out[l](gelu_sigmoid(y.permute(1, 2, 0).reshape(-1, width)))
            u = self.norm[l](u + z)
        return u.reshape(steps, -1, width).permute(1, 0, 2)


class Gpt(nn.Module):
    """GptAttender: input dense + learned positions, pre-norm blocks of causal multi-head attention and a GELU MLP, final LayerNorm."""

    def __init__(self, steps, inputs, layers, heads, width):
        super().__init__()
        self.steps, self.heads, self.width = steps, heads, width
        self.input = nn.Linear(inputs, width)
        self.position = nn.Parameter(torch.randn(steps, width) * 0.02)
        self.ln1 = nn.ModuleList([nn.LayerNorm(width) for _ in range(layers)])
        self.qkv = nn.ModuleList([nn.Linear(width, 3 * width) for _ in range(layers)])
        self.proj = nn.ModuleList([nn.Linear(width, width) for _ in range(layers)])
        self.ln2 = nn.ModuleList([nn.LayerNorm(width) for _ in range(layers)])
        self.fc = nn.ModuleList([nn.Linear(width, 4 * width) for _ in range(layers)])
        self.fc2 = nn.ModuleList([nn.Linear(4 * width, width) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(width)
        self.register_buffer("mask", torch.triu(torch.full((steps, steps), -1e9), diagonal=1))

    def forward(self, x):
        b, t, w, h = x.shape[0], self.steps, self.width, self.heads
        x = self.input(x) + self.position
        for l in range(len(self.qkv)):
            q, k, v = self.qkv[l](self.ln1[l](x)).reshape(b, t, 3, h, w // h).permute(2, 0, 3, 1, 4)
            logits = torch.matmul(q, k.transpose(-1, -2)) / (w // h) ** 0.5 + self.mask
            attended = torch.matmul(torch.softmax(logits, -1), v).permute(0, 2, 1, 3).reshape(b, t, w)
            x = x + self.proj[l](attended)
            x = x + self.fc2[l](gelu_sigmoid(self.fc[l](self.ln2[l](x))))
        return self.ln_f(x)


class Classifier(nn.Module):
    """Encoder, optional attender, last step, MLP decoder (ReLU), linear head: EadArchitecture's last-step decoders."""

    def __init__(self, encoder, latent, mlp, classes, attender=None):
        super().__init__()
        self.encoder = encoder
        self.attender = attender
        layers, width = [], latent
        for w in mlp:
            layers += [nn.Linear(width, w), nn.ReLU()]
            width = w
        self.decoder = nn.Sequential(*layers)
        self.head = nn.Linear(width, classes)

    def forward(self, frames):
        sequence = self.encoder(frames)
        if self.attender is not None:
            sequence = self.attender(sequence)
        return self.head(self.decoder(sequence[:, -1, :]))


def build(family, shapes, frames, classes, heads=0):
    """The model whose parameters have these shapes ({"encoder/conv1/W": [2, 2, 30, 12], ...}: the Java model's)."""
    steps = frames // FRAMES_PER_STEP

    def count(pattern):
        n = 0
        while pattern.format(n + 1) in shapes:
            n += 1
        return n

    if family == "convrnn":
        layers = count("encoder/conv{}/W")
        widths = [shapes[f"encoder/conv{k}/W"][3] for k in range(1, layers + 1)]
        cell_blocks = {n.split("/cell/")[1] for n in shapes if "/cell/" in n}
        # A UGRNN cell's blocks are W [2, 2, 2C, 2C] and b; the intersection and LSTM cells' W have 4C outputs.
        if cell_blocks == {"tau"}:
            cell = "timedecay"
        elif cell_blocks == {"W", "b"} and shapes["encoder/conv1/cell/W"][3] == 2 * widths[0]:
            cell = "ugrnn"
        else:
            raise SystemExit("the PyTorch reference has the TimeDecay and UGRNN (no LayerNorm) cells only")
        fc, latent = shapes[f"encoder/fc{layers + 1}/W"][1], shapes[f"encoder/fc{layers + 2}/W"][1]
        encoder = ConvRnn(steps, widths, fc, latent, cell)
    elif family == "resnet":
        stages = count("encoder/stage{}/block1/conv1/W")
        widths = [shapes[f"encoder/stage{s}/block1/conv1/W"][3] for s in range(1, stages + 1)]
        encoder, latent = ResNet(steps, widths, count("encoder/stage1/block{}/conv1/W")), widths[-1]
    elif family == "s4":
        layers = count("encoder/layer{}/log_a")
        latent = shapes["encoder/in/W"][1]
        encoder = StateSpace(steps, latent, layers, shapes["encoder/layer1/log_a"][1])
    else:
        raise SystemExit(f"family '{family}' is not valid; accepted: convrnn, resnet, s4")
    attender = None
    if "attender/in/W" in shapes:
        inputs, width = shapes["attender/in/W"]
        if heads < 1:
            raise SystemExit("the Java model has an attender: give its heads (--heads)")
        attender = Gpt(steps, inputs, count("attender/layer{}/qkv/W"), heads, width)
        latent = width
    mlp, l = [], 0
    while f"decoder{l}/W" in shapes:
        mlp.append(shapes[f"decoder{l}/W"][1])
        l += 1
    return Classifier(encoder, latent, mlp, classes, attender)


def memory_mb():
    """Resident and peak resident memory of this process, MB (VmRSS, VmHWM)."""
    values = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1]) / 1024
    return values["VmRSS"], values["VmHWM"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--family", required=True)
    p.add_argument("--shapes", required=True, help="the Java model's parameter shapes, JSON {name: shape}")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--frames", type=int, default=110)
    p.add_argument("--classes", type=int, default=15)
    p.add_argument("--parameters", type=int, default=0, help="the Java model's parameter count (0: no check)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--heads", type=int, default=0, help="the Java attender's attention heads (0: the model has no attender)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = build(args.family, json.loads(args.shapes), args.frames, args.classes, args.heads)
    count = sum(p.numel() for p in model.parameters())
    if args.parameters and count != args.parameters:
        raise SystemExit(f"the PyTorch {args.family} has {count} parameters, the Java one {args.parameters}: not the same model")
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = torch.randn(args.batch, args.frames, ROWS * COLUMNS, FEATURES)
    labels = torch.randint(0, args.classes, (args.batch,))
    print(json.dumps({"parameters": count, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        k = int(words[1])
        start = time.perf_counter()
        trace = []
        if words[0] in ("train", "epoch"):
            model.train()
            for _ in range(k):
                optimizer.zero_grad(set_to_none=True)
                loss = F.cross_entropy(model(x), labels)
                loss.backward()
                optimizer.step()
                if words[0] == "epoch":
                    trace.append(memory_mb()[0])
        elif words[0] == "infer":
            model.eval()
            with torch.no_grad():
                for _ in range(k):
                    model(x)
        else:
            raise SystemExit(f"command '{words[0]}' is not valid; accepted: train K, infer K, epoch K, quit")
        seconds = time.perf_counter() - start
        rss, peak = memory_mb()
        reply = {"samples_per_s": k * args.batch / seconds, "rss_mb": rss, "peak_mb": peak}
        if trace:
            reply["rss_trace_mb"] = trace
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
