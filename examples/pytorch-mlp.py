# A PyTorch MLP for MNIST-sized inputs, read by Scaling Lens from its code (nothing is run).
# Widths come from the constants, the constructor's defaults and the instantiation at the end;
# the tags say what code cannot: the target degree and how the widths scale with d.
import torch
import torch.nn as nn

INPUT_DIM = 28 * 28
HIDDEN = 1024


# @scaling model pytorch-mlp
# @scaling target single-index degree=3
# @scaling regime N1=d N2=d
class MLP(nn.Module):
    """Two tanh hidden layers without biases, as in the paper, and a scalar readout."""

    def __init__(self, d_in=INPUT_DIM, hidden=HIDDEN):
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden, bias=False)
        self.fc2 = nn.Linear(hidden, hidden // 2, bias=False)
        self.head = nn.Linear(hidden // 2, 1)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = torch.tanh(self.fc1(x))
        x = torch.tanh(self.fc2(x))
        return self.head(x)


def make_probe(width):
    # `width` is not known in this file: the model names it, and asks for its size.
    return nn.Sequential(nn.Linear(INPUT_DIM, width), nn.GELU(), nn.Linear(width, 1))


if __name__ == "__main__":
    model = MLP(hidden=512)  # this instantiation wins over the default: N1 = 512, N2 = 256
    print(model(torch.randn(8, 1, 28, 28)).shape)
