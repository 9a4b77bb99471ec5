"""Trains a digit classifier on scikit-learn's bundled digits (examples/data/*.csv) and logs everything the
mlcycle views read: params, per-epoch train / train-dev / dev metrics, a learning curve over training-set size,
the datasets it used, and its dev-set predictions with a few features for error analysis.

Run it from the command palette ("mlcycle: Run Training Script…") or by hand:
    python3 train.py --model mlp --lr 0.01 --epochs 15
"""
import argparse
import os

import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

import mlcycle

HERE = os.path.dirname(os.path.abspath(__file__))


def load(split):
    path = os.path.join(HERE, "data", f"{split}.csv")
    frame = pd.read_csv(path)
    features = frame.drop(columns=["id", "label"]).to_numpy(dtype=float)
    return path, frame["id"].to_numpy(), features, frame["label"].to_numpy()


def make_model(args):
    if args.model == "mlp":
        return MLPClassifier(hidden_layer_sizes=(args.hidden,), learning_rate_init=args.lr, alpha=args.alpha, random_state=args.seed)
    return SGDClassifier(loss="log_loss", alpha=args.alpha, eta0=args.lr, learning_rate="constant", random_state=args.seed)


def log_loss(model, x, y):
    probabilities = np.clip(model.predict_proba(x), 1e-12, 1)
    return float(-np.mean(np.log(probabilities[np.arange(len(y)), np.searchsorted(model.classes_, y)])))


def features_of(pixels):
    """A few readable features per image, so error cohorts say something a person can act on."""
    images = pixels.reshape(-1, 8, 8)
    ink = images.sum(axis=(1, 2))
    columns_used = (images.sum(axis=1) > 0).sum(axis=1)
    rows_used = (images.sum(axis=2) > 0).sum(axis=1)
    return [{"ink": float(i), "width": int(w), "height": int(h)} for i, w, h in zip(ink, columns_used, rows_used)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", choices=["mlp", "sgd"], default="mlp")
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--alpha", type=float, default=1e-4)
    parser.add_argument("--train_fraction", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    # Unknown parameters (a note, a name) are recorded by mlcycle but need not change the training.
    args, _ = parser.parse_known_args()

    train_path, _, x_train, y_train = load("train")
    dev_path, dev_ids, x_dev, y_dev = load("dev")
    test_path, _, x_test, y_test = load("test")
    rng = np.random.default_rng(args.seed)
    order = rng.permutation(len(y_train))
    # A train-dev set: same distribution as training, never trained on, so variance and data mismatch separate.
    train_dev_size = len(order) // 10
    train_dev, train_rows = order[:train_dev_size], order[train_dev_size:]
    train_rows = train_rows[: max(50, int(len(train_rows) * args.train_fraction))]

    scaler = StandardScaler().fit(x_train[train_rows])
    scale = scaler.transform
    classes = np.unique(y_train)

    with mlcycle.start_run(name=f"{args.model} lr={args.lr}") as run:
        mlcycle.log_params(vars(args))
        mlcycle.set_tag("dataset", "sklearn digits")
        mlcycle.log_dataset(train_path, "train")
        mlcycle.log_dataset(dev_path, "dev")
        mlcycle.log_dataset(test_path, "test")

        model = make_model(args)
        splits = {"train": (x_train[train_rows], y_train[train_rows]), "train-dev": (x_train[train_dev], y_train[train_dev]), "dev": (x_dev, y_dev)}
        for epoch in range(1, args.epochs + 1):
            for batch in np.array_split(rng.permutation(len(train_rows)), 8):
                rows = train_rows[batch]
                model.partial_fit(scale(x_train[rows]), y_train[rows], classes=classes)
            for context, (x, y) in splits.items():
                accuracy = float(model.score(scale(x), y))
                mlcycle.log_metrics({"accuracy": accuracy, "error": 1 - accuracy, "loss": log_loss(model, scale(x), y)}, step=epoch, context=context)
            print(f"epoch {epoch}: dev accuracy {model.score(scale(x_dev), y_dev):.3f}", flush=True)

        mlcycle.log_metric("accuracy", float(model.score(scale(x_test), y_test)), step=args.epochs, context="test")

        predictions = model.predict(scale(x_dev))
        scores = model.predict_proba(scale(x_dev)).max(axis=1)
        mlcycle.log_predictions(
            [str(i) for i in dev_ids], [str(v) for v in y_dev], [str(v) for v in predictions],
            scores=[float(s) for s in scores], features=features_of(x_dev), split="dev",
        )
        print(f"done: dev accuracy {float(np.mean(predictions == y_dev)):.3f}", flush=True)

    # Learning curve: the same model trained on growing slices of the training set. Its steps are training-set
    # sizes, so it goes in a run of its own tagged curve=train_size, linked by curve_of (docs/DIAGNOSTICS.md).
    with mlcycle.start_run(name=f"{run.name} learning curve", tags={"curve": "train_size", "curve_of": run.id}):
        for size in sorted({100, 200, 400, 700, len(train_rows)}):
            if size > len(train_rows):
                continue
            small = make_model(args)
            rows = train_rows[:size]
            for _ in range(args.epochs):
                small.partial_fit(scale(x_train[rows]), y_train[rows], classes=classes)
            mlcycle.log_metric("accuracy", float(small.score(scale(x_train[rows]), y_train[rows])), step=size, context="train")
            mlcycle.log_metric("accuracy", float(small.score(scale(x_dev), y_dev)), step=size, context="dev")


if __name__ == "__main__":
    main()
