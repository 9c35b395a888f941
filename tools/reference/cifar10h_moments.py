"""Reference label moments for packages/source-cifar10h tests (numpy on ../shared/data/cifar10h).

m_i = sum_c c P(c|x_i), v_i = sum_c (c - m_i)^2 P(c|x_i)   (LID paper §5.1)
Run: python3 tools/reference/cifar10h_moments.py
"""
import os

import numpy as np

root = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data', 'cifar10h')
P = np.load(os.path.join(root, 'cifar10h-probs.npy'))
C = np.load(os.path.join(root, 'cifar10h-counts.npy'))
c = np.arange(10)
m = P @ c
v = ((c[None, :] - m[:, None]) ** 2 * P).sum(1)
first = v[:1000]
print('rows', [0, 1, 42, 997], 'm', [repr(float(m[i])) for i in [0, 1, 42, 997]], 'v', [repr(float(v[i])) for i in [0, 1, 42, 997]])
print('first1000: mean v', repr(float(first.mean())), 'share v==0', repr(float((first == 0).mean())), 'argmax v', int(first.argmax()))
Pc = C / C.sum(1, keepdims=True)
print('max |counts/sum - probs|', float(np.abs(Pc - P).max()))
