"""Demo posts in the information theory category, including the unpublished draft."""

# Each Markdown paragraph is one line: a line break inside Chinese text would
# show as a space between characters.
# ruff: noqa: E501

from datetime import datetime

from .records import DemoPost

ENTROPY = DemoPost(
    slug="entropy-measure-of-uncertainty",
    title="熵：不确定性的度量",
    category="information-theory",
    tags=("entropy", "probability", "python"),
    published=datetime(2021, 4, 11, 16, 0),
    body=r"""
“信息”听起来是个模糊的词，香农却给了它一个精确的度量。一个随机变量的熵，既是它的不确定性，也是描述它平均所需的最少比特数。本文从几条自然的要求出发，看看熵为什么长成$-\sum p\log p$这个样子，以及它有哪些基本性质。

<!--more-->

## 定义

设离散随机变量$X$取值$x_1,\dots,x_n$，概率为$p_1,\dots,p_n$。它的熵定义为

\begin{equation}
H(X) = -\sum_{i=1}^{n} p_i\log_2 p_i, \label{eq:entropy}
\end{equation}

约定$0\log 0 = 0$。单个结果的“意外程度”是$-\log_2 p_i$：概率越小，发生时越让人意外；熵就是意外程度的平均值。对数以$2$为底时单位是比特[^units]。

香农证明了，若要求不确定性的度量连续、对均匀分布随$n$单调增加，并且分步选择时满足可加性，那么它只能是式\eqref{eq:entropy}的常数倍。

## 几个例子

| 分布 | 概率 | 熵（比特） |
|:---|:---|---:|
| 公平硬币 | $\frac12,\ \frac12$ | 1 |
| 偏硬币 | $0.9,\ 0.1$ | 0.469 |
| 公平骰子 | 六个$\frac16$ | 2.585 |
| 二十六个字母均匀出现 | 二十六个$\frac{1}{26}$ | 4.700 |
| 四个符号 | $\frac12,\ \frac14,\ \frac18,\ \frac18$ | 1.75 |

最后一行值得多看一眼：给四个符号分别编码为`0`、`10`、`110`、`111`，平均码长是$\frac12\cdot1+\frac14\cdot2+\frac18\cdot3+\frac18\cdot3 = 1.75$，恰好等于熵。香农的信源编码定理说，任何无损编码的平均码长都不能低于熵，而这个例子达到了下界。

## 均匀分布的熵最大

在$n$个取值的分布中，均匀分布的熵最大，为$\log_2 n$。用拉格朗日乘子法（改用自然对数，不影响极值点）：

\begin{align}
\mathcal{J}(p,\lambda) &= -\sum_i p_i\ln p_i + \lambda\left(\sum_i p_i - 1\right), \notag \\
\frac{\partial\mathcal{J}}{\partial p_i} &= -\ln p_i - 1 + \lambda = 0. \label{eq:stationary}
\end{align}

由式\eqref{eq:stationary}，所有$p_i$都等于同一个数$e^{\lambda-1}$，再由归一化得$p_i = \frac1n$。熵是凹函数，所以这个驻点就是最大值点。

对两点分布，熵是$h(p) = -p\log_2 p - (1-p)\log_2(1-p)$，称为二元熵函数。它在$p=\frac12$时取最大值$1$比特，在$p=0$或$1$时为$0$：结果已经确定，就没有任何不确定性。

## 联合熵与链式法则

两个随机变量的联合熵满足链式法则

\begin{equation}
H(X,Y) = H(X) + H(Y\mid X), \label{eq:chain}
\end{equation}

其中$H(Y\mid X) = \sum_x p(x)\,H(Y\mid X=x)$是条件熵。直观地说：描述$(X,Y)$，可以先描述$X$，再在已知$X$的前提下描述$Y$。由于条件化不会增加熵，$H(Y\mid X)\le H(Y)$，因此$H(X,Y)\le H(X)+H(Y)$，等号当且仅当$X$与$Y$独立时成立。

计算熵只要一行代码：

```python
from math import log2


def entropy(probabilities):
    return -sum(p * log2(p) for p in probabilities if p > 0)


print(entropy([0.5, 0.5]), entropy([0.9, 0.1]), entropy([1 / 6] * 6))
print(entropy([0.5, 0.25, 0.125, 0.125]))  # 1.75
```

[^units]: 以$e$为底时单位是奈特（nat），$1$奈特$=\frac{1}{\ln 2}\approx1.443$比特。机器学习里习惯用自然对数，信息论教材多用比特。
""",
)

KL_DIVERGENCE = DemoPost(
    slug="kl-divergence-is-nonnegative",
    title="KL 散度为什么非负",
    category="information-theory",
    tags=("entropy", "probability"),
    published=datetime(2021, 8, 29, 21, 30),
    body=r"""
KL 散度$D(p\Vert q)$衡量用分布$q$去近似分布$p$时的代价。它有一个看似平凡、实则处处要用的性质：永远非负，且只有在两个分布相同时才等于零。这篇笔记给出两个证明，再看看它为什么不是距离。

<!--more-->

对同一集合上的离散分布$p$和$q$，定义

\begin{equation}
D(p\Vert q) = \sum_x p(x)\ln\frac{p(x)}{q(x)}, \label{eq:kl}
\end{equation}

约定$0\ln\frac0q=0$；若存在$p(x)>0$而$q(x)=0$，则$D(p\Vert q)=+\infty$。

## 证明一：一个初等不等式

对所有$t>0$有$\ln t\le t-1$，等号仅在$t=1$时成立（曲线$\ln t$在切线$t-1$下方）。于是，只对$p(x)>0$的$x$求和，

\begin{align}
-D(p\Vert q) &= \sum_{x:\,p(x)>0} p(x)\ln\frac{q(x)}{p(x)} \notag \\
&\le \sum_{x:\,p(x)>0} p(x)\left(\frac{q(x)}{p(x)} - 1\right) = \sum_{x:\,p(x)>0} q(x) - 1 \le 0. \label{eq:gibbs}
\end{align}

等号要求每一项都有$q(x)=p(x)$，并且$q$在$p$的支撑集之外没有质量，也就是$p=q$。不等式\eqref{eq:gibbs}常被称为吉布斯不等式。

## 证明二：Jensen 不等式

$-\ln$是严格凸函数，所以

$$D(p\Vert q) = \mathbb{E}_p\left[-\ln\frac{q(X)}{p(X)}\right] \ge -\ln\mathbb{E}_p\left[\frac{q(X)}{p(X)}\right] \ge -\ln 1 = 0.$$

这个证明更短，但第一种写法让等号条件一目了然。

## 它不是距离

KL 散度不对称。取$p=\left(\frac12,\frac12\right)$、$q=\left(\frac14,\frac34\right)$：

$$D(p\Vert q) = \frac12\ln\frac{4}{3}\approx0.1438,\qquad D(q\Vert p) = \frac14\ln\frac12+\frac34\ln\frac32\approx0.1308.$$

它也不满足三角不等式。这种不对称在应用中有实际后果：最小化$D(p\Vert q)$时，$q$必须覆盖$p$的所有高概率区域（否则代价无穷大），倾向于“宽”；最小化$D(q\Vert p)$时，$q$可以只盯住$p$的一个峰，倾向于“窄”。变分推断用的是后者。

## 几个推论

非负性几乎是信息论中所有不等式的源头：

- 交叉熵$H(p,q) = -\sum_x p(x)\ln q(x)$满足$H(p,q) = H(p) + D(p\Vert q)\ge H(p)$；
- 互信息$I(X;Y) = D\left(p(x,y)\,\Vert\,p(x)p(y)\right)\ge0$，等号当且仅当$X$与$Y$独立；
- 在$n$个值上取$q$为均匀分布，$D(p\Vert q) = \ln n - H(p)\ge0$，这就是“均匀分布熵最大”。

对两个一维高斯分布，KL 散度有闭式

\begin{equation}
D\left(\mathcal{N}(\mu_1,\sigma_1^2)\,\Vert\,\mathcal{N}(\mu_2,\sigma_2^2)\right) = \ln\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2+(\mu_1-\mu_2)^2}{2\sigma_2^2} - \frac12, \label{eq:kl-gauss}
\end{equation}

变分自编码器的损失函数里就有它。在式\eqref{eq:kl-gauss}中令两个方差相等，KL 散度化为$\frac{(\mu_1-\mu_2)^2}{2\sigma^2}$，这时它倒是对称的。
""",
)

MUTUAL_INFORMATION = DemoPost(
    slug="mutual-information-data-processing",
    title="Mutual information and the data processing inequality",
    category="information-theory",
    tags=("entropy", "probability"),
    published=datetime(2022, 1, 16, 18, 50),
    body=r"""
No amount of clever processing can create information about the source that the data did not already contain. The data processing inequality makes this precise in one line, once mutual information and its chain rule are in place.

<!--more-->

## Mutual information

The mutual information between $X$ and $Y$ is the reduction in uncertainty about one from learning the other:

\begin{equation}
I(X;Y) = H(X) - H(X\mid Y) = H(X) + H(Y) - H(X,Y). \label{eq:mi}
\end{equation}

It is symmetric, it equals the KL divergence between the joint distribution and the product of the marginals, and so it is nonnegative and vanishes exactly when $X$ and $Y$ are independent. Conditional mutual information $I(X;Y\mid Z)$ is defined the same way with every entropy conditioned on $Z$.

Like entropy, mutual information obeys a chain rule. Expanding $I(X;Y,Z)$ in two orders gives

\begin{equation}
I(X;Y,Z) = I(X;Z) + I(X;Y\mid Z) = I(X;Y) + I(X;Z\mid Y). \label{eq:mi-chain}
\end{equation}

## The inequality

Say that $X\to Y\to Z$ is a Markov chain if $Z$ depends on $X$ only through $Y$: $p(z\mid x,y) = p(z\mid y)$. Then $X$ and $Z$ are conditionally independent given $Y$, so $I(X;Z\mid Y)=0$ and \eqref{eq:mi-chain} becomes

$$I(X;Y) = I(X;Z) + I(X;Y\mid Z) \ge I(X;Z).$$

That is the data processing inequality: whatever $Z$ is computed from $Y$, deterministically or with extra randomness, it carries at most as much information about $X$ as $Y$ does. Equality holds when $Z$ is a *sufficient statistic*, one that keeps everything in $Y$ relevant to $X$.

## A worked example

Send a fair bit $X$ through a binary symmetric channel that flips it with probability $\varepsilon$. Then $H(Y\mid X) = h(\varepsilon)$, where $h$ is the binary entropy function, and $Y$ is again a fair bit, so

$$I(X;Y) = 1 - h(\varepsilon)\ \text{bits}.$$

Now pass $Y$ through a second, independent channel with flip probability $\varepsilon$ to get $Z$. The bit reaches $Z$ flipped exactly when one of the two channels flips it, so the cascade is a single channel with flip probability $2\varepsilon(1-\varepsilon)$. For $\varepsilon=0.1$:

| quantity | value |
|:---|---:|
| flip probability $X\to Y$ | 0.1 |
| flip probability $X\to Z$ | 0.18 |
| $I(X;Y)$ in bits | 0.531 |
| $I(X;Z)$ in bits | 0.320 |

Each stage of noisy relaying loses information, as the inequality demands, and no decoder placed after the second channel can recover what was lost.

## Why machine learning cares

A deep network computes a chain $X\to T_1\to T_2\to\cdots\to\hat Y$, so by the data processing inequality, $I(X;T_1)\ge I(X;T_2)\ge\cdots$: later layers can only discard information about the input. The *information bottleneck* view of learning asks which information they should discard, keeping $I(T;Y)$ about the label high while making $I(X;T)$ small. Whether trained networks really behave this way is still debated.
""",
)

CROSS_ENTROPY = DemoPost(
    slug="cross-entropy-and-maximum-likelihood",
    title="交叉熵损失就是最大似然",
    category="information-theory",
    tags=("entropy", "deep-learning", "statistics"),
    published=datetime(2026, 2, 15, 20, 40),
    body=r"""
分类网络几乎都用交叉熵做损失函数。初学时它像是凭空选出来的，其实它只是最大似然估计换了一个信息论的说法。把这层关系想清楚，标签平滑、温度缩放这些技巧也就不再神秘。

<!--more-->

## 经验分布与交叉熵

设训练集为$\{(x_k,y_k)\}_{k=1}^{N}$，模型给出条件分布$q_\theta(y\mid x)$。平均负对数似然是

\begin{equation}
\ell(\theta) = -\frac1N\sum_{k=1}^{N}\log q_\theta(y_k\mid x_k). \label{eq:nll}
\end{equation}

对每个样本，把真实标签看成一个独热分布$p_k$，即$p_k(y)=1$当且仅当$y=y_k$，那么$-\log q_\theta(y_k\mid x_k) = -\sum_y p_k(y)\log q_\theta(y\mid x_k)$，正是交叉熵$H(p_k, q_\theta)$。于是式\eqref{eq:nll}就是平均交叉熵：最小化交叉熵与最大化似然是同一件事。

再用分解$H(p,q) = H(p) + D(p\Vert q)$：$H(p)$与$\theta$无关，所以最小化交叉熵也就是最小化数据分布与模型分布之间的 KL 散度。

## 二分类：梯度为什么这么简单

二分类时$q_\theta(y=1\mid x) = \sigma(z)$，$\sigma(z) = \frac{1}{1+e^{-z}}$，$z$为 logit。单个样本的损失和它对$z$的导数是

\begin{align}
L &= -y\log\sigma(z) - (1-y)\log\left(1-\sigma(z)\right), \notag \\
\frac{\partial L}{\partial z} &= -y\left(1-\sigma(z)\right) + (1-y)\,\sigma(z) = \sigma(z) - y, \label{eq:logistic-grad}
\end{align}

这里用到了$\sigma'(z) = \sigma(z)\left(1-\sigma(z)\right)$。式\eqref{eq:logistic-grad}说，梯度就是“预测概率减去标签”。多分类的 softmax 交叉熵同理，对 logits 的梯度是$q - p$。如果改用均方误差$\frac12(\sigma(z)-y)^2$，梯度会多出一个因子$\sigma'(z)$，预测严重错误、$\sigma$饱和时梯度几乎消失，学习反而停滞。

## 标签平滑

独热目标要求模型把正确类的概率推到$1$，logit 因此无限增大。标签平滑把目标换成

$$p^{\text{smooth}} = (1-\alpha)\,p + \frac{\alpha}{K},$$

其中$K$是类别数，$\alpha$通常取$0.1$左右。此时交叉熵的最小值点是有限的 logits，模型被鼓励不要过分自信。

## 数值实现

直接计算$\log\sigma(z)$在$z$很负时会得到$\log 0$。稳定的写法利用$-\log\sigma(z) = \log\left(1+e^{-z}\right)$：

```python
import numpy as np


def binary_cross_entropy_with_logits(z, y):
    # 逐样本损失，z 为 logits，y 取 0 或 1。
    z = np.asarray(z, dtype=float)
    # log(1 + e^{-|z|}) 不会溢出；max(z, 0) - z*y 补上剩下的部分
    return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))


print(binary_cross_entropy_with_logits([-800.0, 0.0, 800.0], [1, 1, 1]))
# 依次约为 800、0.693（即 ln 2）和 0
```

深度学习框架里的同名函数也都是这样实现的。
""",
)

INFORMATION_BOTTLENECK_DRAFT = DemoPost(
    slug="information-bottleneck-notes",
    title="信息瓶颈笔记（草稿）",
    category="information-theory",
    tags=("entropy", "deep-learning"),
    published=datetime(2026, 3, 1, 9, 0),
    status="draft",
    body=r"""
信息瓶颈方法要找一个表示$T$，它从输入$X$中保留尽可能少的信息，同时对标签$Y$保留尽可能多的信息。形式上，对马尔可夫链$Y\to X\to T$，求解

\begin{equation}
\min_{p(t\mid x)}\; I(X;T) - \beta\, I(T;Y), \label{eq:ib}
\end{equation}

其中$\beta>0$权衡压缩与预测。由数据处理不等式，$I(T;Y)\le I(X;Y)$，所以再大的$\beta$也不能让表示比输入本身更有预测力。

<!--more-->

待补充：

- 式\eqref{eq:ib}的自洽方程与迭代算法；
- 高斯情形的解析解；
- 变分上下界，以及它与$\beta$-VAE 的关系。
""",
)

POSTS = [ENTROPY, KL_DIVERGENCE, MUTUAL_INFORMATION, CROSS_ENTROPY, INFORMATION_BOTTLENECK_DRAFT]
