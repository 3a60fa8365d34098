"""Bodies for `seed_bench_posts N`: many distinct posts, cheap to make.

A handful of templates is rendered once; each generated post then fills the
placeholders in the stored Markdown and HTML with its own numbers and topic.
Placeholders stay out of headings and code blocks, where the renderer would
treat a number differently from a word, and every template has a more marker,
so the filled HTML is exactly what rendering the filled Markdown would give.
The words mix Chinese and English (信息, 熵, 向量, 瓶颈, entropy, vector...) so
search has something to find.
"""

# Each Markdown paragraph is one line: a line break inside Chinese text would
# show as a space between characters.
# ruff: noqa: E501

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

SLUG_PREFIX = "generated-"
PLACEHOLDER = re.compile(r"QQ[ABCNXY]")

# (Chinese, English) topic names, cycled through independently of the templates.
TOPICS = [
    ("信息熵", "entropy"),
    ("向量空间", "vector spaces"),
    ("信息瓶颈", "the information bottleneck"),
    ("随机游走", "random walks"),
    ("傅里叶级数", "Fourier series"),
    ("梯度下降", "gradient descent"),
    ("高斯积分", "the Gaussian integral"),
    ("变分推断", "variational inference"),
]

FIRST_DAY = datetime(2011, 7, 1)
SPAN_DAYS = 5479  # fifteen years; coprime to the stride, so days repeat rarely


@dataclass(frozen=True)
class Template:
    language: str
    category: str  # the slug of a category seed_demo creates
    tags: tuple[str, ...]  # slugs of tags seed_demo creates
    body: str


TEMPLATES = [
    Template(
        language="zh",
        category="information-theory",
        tags=("entropy", "probability"),
        body=r"""
关于QQX的一个小例题（第QQN号）。设随机变量$X$在$QQA$个取值上均匀分布，它的熵是$H(X)=\log_2 QQA$比特；再观察一个有$QQB$种等可能结果的独立变量$Y$，联合熵变为$\log_2 QQA+\log_2 QQB$比特。

<!--more-->

信息瓶颈方法寻找一个压缩的表示$T$，在丢掉关于输入的信息的同时，保留关于标签的信息：

\begin{equation}
\min_{p(t\mid x)}\; I(X;T) - \beta\, I(T;Y), \qquad \beta = QQB. \label{eq:generated-ib}
\end{equation}

式\eqref{eq:generated-ib}中的$\beta$越大，表示保留的信息越多，瓶颈越宽。关键词：信息、熵、瓶颈、互信息。
""",
    ),
    Template(
        language="en",
        category="ml",
        tags=("linear-algebra", "optimization"),
        body=r"""
A small exercise about QQY (generated note QQN). Take the vectors $u=(QQA,\ QQB)$ and $v=(QQB,\ -QQA)$. Their inner product is $u\cdot v = QQA\cdot QQB - QQB\cdot QQA = 0$, so they are orthogonal, and both have length $\sqrt{QQA^2+QQB^2}$.

<!--more-->

For orthogonal vectors the squared norms add:

$$\|u+v\|^2 = \|u\|^2 + \|v\|^2 = 2\left(QQA^2+QQB^2\right).$$

This is the Pythagorean theorem in $\mathbb{R}^2$. In the language of 向量空间, orthogonal 向量 never interfere, which is why least squares projects onto a subspace. Keywords: vector, 向量, norm, 范数, 信息.
""",
    ),
    Template(
        language="zh",
        category="math",
        tags=("integrals", "probability"),
        body=r"""
用数值检查QQX里的一个小结论（笔记 QQN）。对$a>0$，高斯积分给出$\int_{-\infty}^{\infty}e^{-x^2/a}\,dx=\sqrt{a\pi}$。

<!--more-->

下表列出两个参数下的积分值：

| 参数 | 积分值 |
|---:|---:|
| $a=QQA$ | $\sqrt{QQA\pi}$ |
| $a=QQB$ | $\sqrt{QQB\pi}$ |

把$a$换成$2\sigma^2$，就得到正态分布的归一化常数$\sigma\sqrt{2\pi}$。关键词：积分、高斯、Gaussian、熵。
""",
    ),
    Template(
        language="en",
        category="ml",
        tags=("deep-learning", "entropy", "python"),
        body=r"""
Softmax with temperature $T = QQA/10$, a note on QQY (number QQN). Dividing the logits by $T$ before normalising gives

\begin{equation}
p_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}}. \label{eq:generated-softmax}
\end{equation}

<!--more-->

```python
import numpy as np


def softmax(z, t):
    z = np.asarray(z, dtype=float) / t
    e = np.exp(z - z.max())
    return e / e.sum()
```

Lower temperatures sharpen \eqref{eq:generated-softmax}; higher ones flatten it towards the uniform distribution, whose entropy is $\ln QQB$ nats for $QQB$ classes. Keywords: softmax, temperature, 温度, 熵, 信息瓶颈.
""",
    ),
    Template(
        language="zh",
        category="physics",
        tags=("stochastic-processes", "probability"),
        body=r"""
QQX札记之一（第QQN篇）。简单随机游走走$n=QQA$步之后，位移$S_n$的方差是$QQA$，标准差约为$\sqrt{QQA}$。

<!--more-->

\begin{align}
\mathbb{E}S_n &= 0, \label{eq:generated-mean} \\
\mathbb{E}S_n^2 &= n = QQA. \label{eq:generated-variance}
\end{align}

由式\eqref{eq:generated-variance}，步数增加到原来的$QQB$倍时，典型位移只增加到$\sqrt{QQB}$倍，这正是扩散的特征。关键词：随机游走、扩散、向量、random walk。
""",
    ),
    Template(
        language="en",
        category="math",
        tags=("series", "asymptotics"),
        body=r"""
Partial sums of the Basel series (笔记 QQN, on QQY). With $N = QQC$ terms,

$$\sum_{n=1}^{QQC}\frac{1}{n^2} \approx \frac{\pi^2}{6} - \frac{1}{QQC}.$$

<!--more-->

## Why the error is about 1/N

The tail compares with an integral: $\sum_{n>N} n^{-2} \approx \int_N^{\infty} x^{-2}\,dx = 1/N$. 级数收敛得很慢；Euler–Maclaurin 公式可以加速收敛。Keywords: series, 级数, 熵, bottleneck.
""",
    ),
]


def slug(number):
    return f"{SLUG_PREFIX}{number:05d}"


def template_for(number):
    return TEMPLATES[number % len(TEMPLATES)]


def title(number):
    topic_zh, topic_en = TOPICS[(number // len(TEMPLATES)) % len(TOPICS)]
    if template_for(number).language == "zh":
        return f"{topic_zh}札记（{number:05d}）"
    return f"Notes on {topic_en} ({number:05d})"


def placeholders(number):
    topic_zh, topic_en = TOPICS[(number // len(TEMPLATES)) % len(TOPICS)]
    return {
        "QQA": str(2 + (number * 7) % 29),
        "QQB": str(2 + (number * 11) % 17),
        "QQC": str(10 * (1 + number % 50)),
        "QQN": f"{number:05d}",
        "QQX": topic_zh,
        "QQY": topic_en,
    }


def fill(text, values):
    return PLACEHOLDER.sub(lambda match: values[match.group(0)], text)


def local_date(number):
    """A date scattered over fifteen years, the same for a number on every run."""
    return FIRST_DAY + timedelta(days=(number * 389) % SPAN_DAYS, minutes=(number * 37) % 1440)
