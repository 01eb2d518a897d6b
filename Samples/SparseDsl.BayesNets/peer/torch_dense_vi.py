#!/usr/bin/env python3
"""The peer a user would otherwise pick: the same dense mean-field VI MLP trained with PyTorch on the CPU.

Reads the split the C# sample exported (`--export-split DIR`): train/test images as little-endian float32
(count x 784) and labels as uint8, with a `split.json` giving the counts. Trains the dense-VI network the sample's
`dense_vi` row trains (ReLU hidden layers, softmax output, q = N(mu, softplus(rho)^2) on every weight, local
reparameterization, loss = cross-entropy + kl_weight / N_train * min(2 epoch / E, 1) * KL(q || N(0, prior_sigma^2)),
SGD with momentum and a cosine learning-rate schedule) single-threaded, and prints one CSV row in the header of
docs/results/bayes-nets.csv (method torch_dense_vi). Debian's python3-torch 1.13: run it with /usr/bin/python3.
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F


def load(folder, name, count, width):
    with open(os.path.join(folder, f"{name}-images.f32"), "rb") as f:
        images = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(count, width)
    with open(os.path.join(folder, f"{name}-labels.u8"), "rb") as f:
        labels = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8).long()
    if labels.numel() != count:
        sys.exit(f"{name}: {labels.numel()} labels for {count} images")
    return images, labels


class BayesLinear(torch.nn.Module):
    def __init__(self, inputs, outputs, prior_sigma, generator):
        super().__init__()
        bound = 1 / math.sqrt(inputs)
        self.mu = torch.nn.Parameter((torch.rand(outputs, inputs, generator=generator) * 2 - 1) * bound)
        self.rho = torch.nn.Parameter(torch.full((outputs, inputs), -5.0))
        self.bias = torch.nn.Parameter(torch.zeros(outputs))
        self.prior_sigma = prior_sigma

    def forward(self, x, sample=True):
        mean = F.linear(x, self.mu, self.bias)
        if not sample:
            return mean
        sigma = F.softplus(self.rho)
        variance = F.linear(x * x, sigma * sigma)
        return mean + torch.sqrt(variance + 1e-8) * torch.randn_like(mean)

    def kl(self):
        sigma = F.softplus(self.rho)
        p = self.prior_sigma
        return (torch.log(p / sigma) + (sigma * sigma + self.mu * self.mu) / (2 * p * p) - 0.5).sum()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the folder the C# sample exported with --export-split")
    parser.add_argument("--layers", default="784,300,100,10")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--kl-weight", type=float, default=0.01)
    parser.add_argument("--prior-sigma", type=float, default=0.005)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--header", action="store_true", help="print the CSV header first")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    with open(os.path.join(args.data, "split.json")) as f:
        split = json.load(f)
    layers = [int(w) for w in args.layers.split(",")]
    train_x, train_y = load(args.data, "train", split["train"], layers[0])
    test_x, test_y = load(args.data, "test", split["test"], layers[0])

    modules = [BayesLinear(layers[i], layers[i + 1], args.prior_sigma, generator) for i in range(len(layers) - 1)]
    network = torch.nn.ModuleList(modules)

    def forward(x, sample=True):
        for i, layer in enumerate(network):
            x = layer(x, sample)
            if i + 1 < len(network):
                x = F.relu(x)
        return x

    optimizer = torch.optim.SGD(network.parameters(), lr=args.lr, momentum=args.momentum)
    steps_per_epoch = math.ceil(split["train"] / args.batch)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs * steps_per_epoch)
    epoch_seconds = []
    for epoch in range(args.epochs):
        order = torch.randperm(split["train"], generator=generator)
        warmup = min(2 * (epoch + 1) / args.epochs, 1.0)
        clock = time.perf_counter()
        for start in range(0, split["train"], args.batch):
            index = order[start:start + args.batch]
            logits = forward(train_x[index])
            kl = sum(layer.kl() for layer in network)
            loss = F.cross_entropy(logits, train_y[index]) + args.kl_weight / split["train"] * warmup * kl
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
        epoch_seconds.append(time.perf_counter() - clock)

    with torch.no_grad():
        probabilities = F.softmax(forward(test_x, sample=False), dim=1)
    confidence, predicted = probabilities.max(dim=1)
    correct = (predicted == test_y).float()
    accuracy = correct.mean().item()
    nll = -torch.log(probabilities[torch.arange(split["test"]), test_y].clamp_min(1e-12)).mean().item()
    ece = 0.0
    for b in range(15):
        low, high = b / 15, (b + 1) / 15
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            ece += in_bin.float().mean().item() * abs(confidence[in_bin].mean().item() - correct[in_bin].mean().item())
    entropy = -(probabilities * torch.log(probabilities.clamp_min(1e-12))).sum(dim=1).mean().item()
    # FLOPs of the whole training of the dense network: mean and variance products, forward and backward (x3).
    weights = sum(layers[i] * layers[i + 1] for i in range(len(layers) - 1))
    gflops = 3 * 2 * 2 * weights * split["train"] * args.epochs / 1e9
    if args.header:
        print("method,support,density,epochs,accuracy,nll,ece,entropy_test,entropy_rotated,entropy_noise,epoch_seconds,train_gflops")
    median = sorted(epoch_seconds)[len(epoch_seconds) // 2]
    print(f"torch_dense_vi,dense,1,{args.epochs},{accuracy:.4f},{nll:.4f},{ece:.4f},{entropy:.4f},,,{median:.3f},{gflops:.2f}")


if __name__ == "__main__":
    main()
