"""Demo posts in the machine learning category."""

# Each Markdown paragraph is one line: a line break inside Chinese text would
# show as a space between characters.
# ruff: noqa: E501

from datetime import datetime

from .records import DemoPost

VAE = DemoPost(
    slug="vae-elbo-derivation",
    title="变分自编码器：从 ELBO 到重参数化",
    category="ml",
    tags=("deep-learning", "generative-models", "probability", "python"),
    published=datetime(2022, 5, 8, 20, 0),
    body=r"""
变分自编码器（VAE）常被画成“编码器—隐变量—解码器”的结构图，很容易让人以为它只是加了噪声的自编码器。其实它的出发点是一个纯粹的概率问题：带隐变量的模型，怎样做最大似然？本文从这个问题出发，推导证据下界（ELBO），算出高斯情形下的 KL 项，再解释重参数化技巧为什么必要。

<!--more-->

## 问题：带隐变量的最大似然

设数据$x$由隐变量$z$生成：先从先验$p(z)$中抽取$z$，再从解码分布$p_\theta(x\mid z)$中抽取$x$。模型给出的边缘似然是

\begin{equation}
p_\theta(x) = \int p_\theta(x\mid z)\,p(z)\,dz. \label{eq:marginal}
\end{equation}

当$p_\theta(x\mid z)$由神经网络给出时，式\eqref{eq:marginal}中的积分没有解析解；直接用先验采样做蒙特卡洛估计，方差又大得无法使用，因为绝大多数$z$几乎生成不出给定的$x$。后验$p_\theta(z\mid x)$同样算不出来，因为它的分母正是$p_\theta(x)$。

变分推断的想法是：引入一个可以计算的近似后验$q_\phi(z\mid x)$，通常由另一个网络（编码器）输出其参数，然后同时优化$\theta$和$\phi$。

## ELBO 的两种推导

**用 Jensen 不等式。** 由于对数是凹函数，

\begin{equation}
\log p_\theta(x) = \log\mathbb{E}_{q_\phi(z\mid x)}\left[\frac{p_\theta(x,z)}{q_\phi(z\mid x)}\right] \ge \mathbb{E}_{q_\phi(z\mid x)}\left[\log\frac{p_\theta(x,z)}{q_\phi(z\mid x)}\right] =: \mathcal{L}(\theta,\phi;x). \label{eq:jensen}
\end{equation}

右边就是证据下界（evidence lower bound，ELBO）。

**用一个恒等式。** Jensen 不等式只告诉我们“小于等于”，却没说差多少。下面的推导把差值明确写出来。由于$\log p_\theta(x)$与$z$无关，

\begin{align}
\log p_\theta(x) &= \mathbb{E}_{q_\phi(z\mid x)}\left[\log p_\theta(x)\right] \notag \\
&= \mathbb{E}_{q_\phi(z\mid x)}\left[\log\frac{p_\theta(x,z)}{p_\theta(z\mid x)}\right] \notag \\
&= \mathbb{E}_{q_\phi(z\mid x)}\left[\log\frac{p_\theta(x,z)}{q_\phi(z\mid x)}\right] + \mathbb{E}_{q_\phi(z\mid x)}\left[\log\frac{q_\phi(z\mid x)}{p_\theta(z\mid x)}\right] \notag \\
&= \mathcal{L}(\theta,\phi;x) + \mathrm{KL}\left(q_\phi(z\mid x)\,\Vert\,p_\theta(z\mid x)\right). \label{eq:identity}
\end{align}

因为 KL 散度非负，式\eqref{eq:identity}重新得到了\eqref{eq:jensen}，而且告诉我们：下界与真实对数似然之差，恰好是近似后验与真实后验之间的 KL 散度。最大化 ELBO 因此同时做了两件事——提高似然，以及让$q_\phi$逼近真实后验。

把$p_\theta(x,z) = p_\theta(x\mid z)\,p(z)$代入\eqref{eq:jensen}，ELBO 拆成两项：

\begin{equation}
\mathcal{L}(\theta,\phi;x) = \mathbb{E}_{q_\phi(z\mid x)}\left[\log p_\theta(x\mid z)\right] - \mathrm{KL}\left(q_\phi(z\mid x)\,\Vert\,p(z)\right). \label{eq:elbo}
\end{equation}

第一项是重构项：从编码得到的$z$出发，解码器应当能把$x$还原出来。第二项是正则项：编码分布不能离先验太远，否则从先验采样时生成不出像样的样本。

## 高斯情形下的 KL 项

最常见的选择是$p(z) = \mathcal{N}(0, I)$，$q_\phi(z\mid x) = \mathcal{N}\left(\mu, \operatorname{diag}(\sigma^2)\right)$，其中$\mu,\sigma$由编码器输出。两个一维高斯分布之间的 KL 散度为

$$\mathrm{KL}\left(\mathcal{N}(\mu_1,\sigma_1^2)\,\Vert\,\mathcal{N}(\mu_2,\sigma_2^2)\right) = \ln\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2} - \frac12.$$

取$\mu_2=0$、$\sigma_2=1$，并对独立的各维求和，得到式\eqref{eq:elbo}中正则项的闭式

\begin{equation}
\mathrm{KL}\left(q_\phi(z\mid x)\,\Vert\,p(z)\right) = \frac12\sum_{j=1}^{d}\left(\mu_j^2 + \sigma_j^2 - \ln\sigma_j^2 - 1\right). \label{eq:kl-gauss}
\end{equation}

每一项在$\mu_j=0$、$\sigma_j=1$时取最小值$0$，这与直觉相符。

## 重参数化技巧

重构项是对$q_\phi$的期望，需要对$\phi$求梯度，但采样这一步本身不可导。一种通用做法是得分函数估计：

$$\nabla_\phi\,\mathbb{E}_{q_\phi}\left[f(z)\right] = \mathbb{E}_{q_\phi}\left[f(z)\,\nabla_\phi\log q_\phi(z)\right],$$

它无偏，但方差很大。VAE 的做法是把随机性挪到一个与参数无关的噪声上：

\begin{equation}
z = \mu_\phi + \sigma_\phi\odot\varepsilon, \qquad \varepsilon\sim\mathcal{N}(0, I), \label{eq:reparam}
\end{equation}

于是$\nabla_\phi\,\mathbb{E}_{q_\phi}[f(z)] = \mathbb{E}_{\varepsilon}\left[\nabla_\phi f(\mu_\phi + \sigma_\phi\odot\varepsilon)\right]$，梯度可以穿过采样步骤直接反向传播。实践中每个样本只采一个$\varepsilon$，方差已经足够小。

## 代码

下面是 PyTorch 中的损失函数（负 ELBO）。解码器输出伯努利分布的 logits，编码器输出$\mu$和$\ln\sigma^2$——输出对数方差而不是$\sigma$，可以免去正数约束：

```python
import torch
import torch.nn.functional as F


def reparameterize(mu, log_var):
    eps = torch.randn_like(mu)
    return mu + torch.exp(0.5 * log_var) * eps


def negative_elbo(x, x_logits, mu, log_var):
    # 对批次平均的负 ELBO；x 的取值在 [0, 1] 之间。
    reconstruction = F.binary_cross_entropy_with_logits(x_logits, x, reduction="sum")
    kl = 0.5 * torch.sum(mu.pow(2) + log_var.exp() - log_var - 1)
    return (reconstruction + kl) / x.shape[0]
```

其中`kl`一行就是式\eqref{eq:kl-gauss}，`reparameterize`就是式\eqref{eq:reparam}。

## 几点讨论

- **后验坍缩。** 解码器足够强时，它可以忽略$z$独自建模$x$，此时最优解是让$q_\phi(z\mid x)=p(z)$，KL 项为零，隐变量失去作用。常用的缓解办法是在训练初期让 KL 项的权重从$0$逐渐增加到$1$。
- **$\beta$-VAE。** 给 KL 项乘以系数$\beta>1$，换取更“解耦”的隐变量表示，代价是重构变差，下界也变得更松。
- **下界有多紧。** 由式\eqref{eq:identity}，差距取决于$q_\phi$的表达能力。对角高斯往往不够，归一化流和重要性加权（IWAE）都是为了收紧这个下界[^vae]。

[^vae]: VAE 由 Kingma 与 Welling 在2013年提出，Rezende、Mohamed 与 Wierstra 在2014年独立给出了相同的想法。
""",
)

SOFTMAX = DemoPost(
    slug="softmax-temperature",
    title="Softmax 的温度参数",
    category="ml",
    tags=("deep-learning", "entropy", "python"),
    published=datetime(2022, 9, 18, 10, 25),
    body=r"""
语言模型采样时的“温度”，知识蒸馏里的“软标签”，对比学习损失里的$\tau$，说的都是同一件事：在 softmax 之前把 logits 除以一个正数$T$。这个参数名来自统计物理中的玻尔兹曼分布，它控制的正是分布的“冷热”程度。

<!--more-->

带温度的 softmax 定义为

\begin{equation}
p_i(T) = \frac{\exp(z_i/T)}{\sum_j \exp(z_j/T)}, \qquad T>0. \label{eq:softmax}
\end{equation}

## 两个极限

当$T\to0^+$时，最大的$z_i$在指数上压倒其他各项，式\eqref{eq:softmax}趋于$\arg\max$的独热向量（假设最大值唯一）；当$T\to\infty$时，所有$z_i/T\to0$，分布趋于均匀分布。温度在“确定地选最大者”和“完全随机”之间连续插值。

以$z=(2,\ 1,\ 0.1)$为例：

| $T$ | $p_1$ | $p_2$ | $p_3$ | 熵（奈特） |
|---:|---:|---:|---:|---:|
| 0.5 | 0.864 | 0.117 | 0.019 | 0.454 |
| 1 | 0.659 | 0.242 | 0.099 | 0.847 |
| 2 | 0.502 | 0.304 | 0.194 | 1.026 |
| 10 | 0.366 | 0.331 | 0.303 | 1.096 |

熵的上限是$\ln 3\approx1.0986$。

## 熵随温度单调增加

表中的熵随$T$增大，这不是巧合。记$\beta=1/T$，$Z=\sum_j e^{\beta z_j}$，则$\ln p_i = \beta z_i - \ln Z$，熵为

$$H = -\sum_i p_i\ln p_i = \ln Z - \beta\,\mathbb{E}_p[z].$$

利用$\frac{d\ln Z}{d\beta} = \mathbb{E}_p[z]$和$\frac{d\,\mathbb{E}_p[z]}{d\beta} = \operatorname{Var}_p(z)$，

\begin{align}
\frac{dH}{d\beta} &= \mathbb{E}_p[z] - \mathbb{E}_p[z] - \beta\operatorname{Var}_p(z) = -\beta\operatorname{Var}_p(z), \notag \\
\frac{dH}{dT} &= \frac{dH}{d\beta}\cdot\left(-\frac{1}{T^2}\right) = \frac{\operatorname{Var}_p(z)}{T^3} \ge 0. \label{eq:entropy-derivative}
\end{align}

由式\eqref{eq:entropy-derivative}，只要$z$不全相等，熵就严格随温度增加。这和热力学里“升温使系统更无序”如出一辙。

## 梯度与数值稳定

对 logits 求导得

$$\frac{\partial p_i}{\partial z_j} = \frac{1}{T}\,p_i\left(\delta_{ij} - p_j\right),$$

温度越低，梯度越大、越“尖”。知识蒸馏中用较高温度的软标签训练学生网络，由于软目标部分的梯度大约按$1/T^2$缩小，通常要把这部分损失乘以$T^2$来平衡。

实现时要注意，$\exp(z_i/T)$在$T$很小时极易溢出。由于式\eqref{eq:softmax}对所有$z_i$同时加减一个常数不变，先减去最大值即可：

```python
import numpy as np


def softmax(z, temperature=1.0):
    z = np.asarray(z, dtype=float) / temperature
    z -= z.max()  # 平移不变性：结果不变，指数不再溢出
    e = np.exp(z)
    return e / e.sum()


for t in (0.5, 1, 2, 10):
    p = softmax([2.0, 1.0, 0.1], t)
    print(t, p.round(3), round(float(-(p * np.log(p)).sum()), 3))
```

采样时，低温让模型更保守、更重复，高温让它更有创意，也更容易胡言乱语；$T=1$则恰好是模型训练时所拟合的那个分布。
""",
)

LEAST_SQUARES = DemoPost(
    slug="least-squares-three-ways",
    title="Least squares, three ways",
    category="ml",
    tags=("linear-algebra", "statistics", "optimization", "python"),
    published=datetime(2023, 1, 29, 17, 45),
    body=r"""
Linear regression by least squares can be derived by calculus, by geometry, or by probability. The three derivations end at the same equation, and each one explains something the others leave implicit: why the solution is unique, why the residuals are orthogonal to the data, and why squared error rather than any other loss.

<!--more-->

We have a design matrix $X\in\mathbb{R}^{n\times d}$ with $n\ge d$ and full column rank, and targets $y\in\mathbb{R}^n$. We want the weights $w\in\mathbb{R}^d$ minimising

\begin{equation}
f(w) = \|y - Xw\|^2 = (y-Xw)^\top(y-Xw). \label{eq:objective}
\end{equation}

## Calculus

Expanding \eqref{eq:objective} gives $f(w) = y^\top y - 2w^\top X^\top y + w^\top X^\top X w$, so $\nabla f(w) = 2X^\top X w - 2X^\top y$. Setting the gradient to zero yields the *normal equations*

\begin{equation}
X^\top X\,\hat w = X^\top y. \label{eq:normal}
\end{equation}

The Hessian $2X^\top X$ is positive definite when $X$ has full column rank, so $f$ is strictly convex and \eqref{eq:normal} has exactly one solution, $\hat w = (X^\top X)^{-1}X^\top y$.

## Geometry

The vectors $Xw$ sweep out the column space of $X$, and we want the point of that subspace nearest to $y$. The nearest point is the orthogonal projection, characterised by the residual being orthogonal to every column:

$$X^\top\left(y - X\hat w\right) = 0,$$

which is \eqref{eq:normal} again. The fitted values are $\hat y = Hy$ with the *hat matrix* $H = X(X^\top X)^{-1}X^\top$, which satisfies $H^2 = H$ and $H^\top = H$, as a projection must.

## Probability

Assume $y_i = x_i^\top w + \varepsilon_i$ with independent $\varepsilon_i\sim\mathcal{N}(0,\sigma^2)$. The log-likelihood is

\begin{equation}
\ell(w) = -\frac{n}{2}\ln\left(2\pi\sigma^2\right) - \frac{1}{2\sigma^2}\|y - Xw\|^2, \label{eq:loglik}
\end{equation}

so maximising the likelihood is the same as minimising \eqref{eq:objective}. Squared error is what Gaussian noise asks for; Laplace noise would lead to absolute error instead. The probabilistic view also gives the sampling distribution: $\mathbb{E}\hat w = w$ and $\operatorname{Cov}(\hat w) = \sigma^2(X^\top X)^{-1}$.

Adding a Gaussian prior $w\sim\mathcal{N}(0,\tau^2 I)$ and maximising the posterior adds $\frac{1}{2\tau^2}\|w\|^2$ to the negative of \eqref{eq:loglik}, which gives ridge regression:

$$\left(X^\top X + \lambda I\right)\hat w_{\text{ridge}} = X^\top y, \qquad \lambda = \frac{\sigma^2}{\tau^2}.$$

## Numerics

Although \eqref{eq:normal} is the textbook answer, forming $X^\top X$ is a bad idea in floating point: its condition number is the square of that of $X$. Library routines solve the least squares problem through a QR or singular value decomposition of $X$ itself.

```python
import numpy as np

rng = np.random.default_rng(0)
n, d = 200, 3
X = rng.normal(size=(n, d))
w_true = np.array([1.5, -2.0, 0.5])
y = X @ w_true + 0.1 * rng.normal(size=n)

w_normal = np.linalg.solve(X.T @ X, X.T @ y)  # fine here, fragile in general
w_lstsq, *_ = np.linalg.lstsq(X, y, rcond=None)
print(np.allclose(w_normal, w_lstsq), w_lstsq.round(3))

residual = y - X @ w_lstsq
print(np.abs(X.T @ residual).max())  # ~1e-13: orthogonal to the columns
```

With well-conditioned random data both routes agree. With nearly collinear columns, say polynomial features of high degree, the normal equations lose about twice as many digits as the QR route.
""",
)

GRADIENT_DESCENT = DemoPost(
    slug="gradient-descent-condition-number",
    title="梯度下降的步长与条件数",
    category="ml",
    tags=("optimization", "linear-algebra", "python"),
    published=datetime(2023, 5, 14, 13, 5),
    body=r"""
梯度下降为什么有时快、有时慢？学习率为什么不能超过某个值？对于二次函数，这些问题都有精确的答案，而答案只取决于一个数：Hessian 矩阵的条件数$\kappa$。

<!--more-->

## 二次模型

考虑$f(x) = \frac12 x^\top A x - b^\top x$，其中$A$对称正定，特征值介于$\mu$与$L$之间（$0<\mu\le L$），条件数$\kappa = L/\mu$。最小值点$x^\ast$满足$Ax^\ast = b$。梯度下降的迭代是

\begin{equation}
x_{k+1} = x_k - \eta\left(Ax_k - b\right). \label{eq:gd}
\end{equation}

记误差$e_k = x_k - x^\ast$，由于$Ax^\ast=b$，式\eqref{eq:gd}化为

\begin{equation}
e_{k+1} = \left(I - \eta A\right)e_k. \label{eq:error}
\end{equation}

在$A$的特征基下，每个分量各自乘以$1-\eta\lambda_i$。因此收敛的充要条件是对所有特征值都有$|1-\eta\lambda_i|<1$，即

$$0 < \eta < \frac{2}{L}.$$

学习率的上限由最大的特征值决定，而收敛的快慢却受最小的特征值牵制。

## 最优步长

由式\eqref{eq:error}，每步误差至多缩小为原来的$\rho(\eta) = \max\left(|1-\eta\mu|,\ |1-\eta L|\right)$倍。两项一个随$\eta$减小、一个随$\eta$增大，最优的$\eta$让两者相等：

\begin{align}
\eta^\ast &= \frac{2}{\mu + L}, \label{eq:best-step} \\
\rho(\eta^\ast) &= \frac{L-\mu}{L+\mu} = \frac{\kappa-1}{\kappa+1}. \label{eq:best-rate}
\end{align}

把误差缩小到原来的$\epsilon$倍，大约需要$\frac{\kappa}{2}\ln\frac1\epsilon$步，因为$\ln\frac{\kappa+1}{\kappa-1}\approx\frac{2}{\kappa}$。更常用的步长$\eta=1/L$对应$\rho = 1-\frac1\kappa$，步数大约翻倍。

| $\kappa$ | 步长$2/(\mu+L)$ | 步长$1/L$ |
|---:|---:|---:|
| 10 | 69 | 132 |
| 100 | 691 | 1375 |
| 1000 | 6908 | 13809 |

表中是最坏情形下把误差缩小到百万分之一所需的步数。

## 动量与预条件

步数与$\kappa$成正比，这是梯度下降在病态问题上慢的根源。两条出路：

- **动量。** 对二次函数，取合适参数的重球法（heavy ball）把收缩因子改进为$\frac{\sqrt\kappa-1}{\sqrt\kappa+1}$，步数降到与$\sqrt\kappa$成正比。
- **预条件。** 若能找到近似$A^{-1}$的矩阵$P$，用$P\nabla f$代替$\nabla f$，等效的条件数就变小了。牛顿法是其极端情形，$P=A^{-1}$，一步到位。

```python
import numpy as np


def steps_needed(kappa, eta, tol=1e-6):
    A = np.diag([1.0, kappa])  # mu = 1, L = kappa
    x = np.array([1.0, 0.0])  # 误差落在最慢的方向上：最坏情形
    k = 0
    while np.linalg.norm(x) > tol:
        x = x - eta * (A @ x)  # b = 0，最小值点在原点
        k += 1
    return k


for kappa in (10, 100, 1000):
    print(kappa, steps_needed(kappa, 2 / (1 + kappa)), steps_needed(kappa, 1 / kappa))
```

深度网络的损失函数当然不是二次函数，但在极小值附近它近似于二次函数，Hessian 的条件数仍然决定了“谷底”有多狭长。自适应学习率方法可以看作一种廉价的对角预条件。
""",
)

LOG_SUM_EXP = DemoPost(
    slug="log-sum-exp-trick",
    title="The log-sum-exp trick and why it works",
    category="ml",
    tags=("deep-learning", "python", "optimization"),
    published=datetime(2025, 6, 8, 9, 0),
    body=r"""
Probabilities multiply, so careful code works with log-probabilities, which add. Sooner or later, though, one has to add probabilities, for instance to marginalise over a latent variable or to normalise a softmax, and then the expression $\log\sum_i e^{x_i}$ appears. Computed naively it overflows or underflows; computed properly it is one of the most useful small functions in numerical machine learning.

<!--more-->

## The trick

Define

\begin{equation}
\operatorname{LSE}(x_1,\dots,x_n) = \log\sum_{i=1}^{n} e^{x_i}. \label{eq:lse}
\end{equation}

With $x_i$ around $1000$, every $e^{x_i}$ overflows a double; with $x_i$ around $-1000$, every one underflows to zero and the logarithm returns $-\infty$. The fix is to factor out the largest term. With $m = \max_i x_i$,

\begin{equation}
\operatorname{LSE}(x) = m + \log\sum_{i=1}^{n} e^{x_i - m}. \label{eq:shifted}
\end{equation}

Now every exponent is at most $0$, so nothing overflows, and at least one term equals $1$, so the sum is at least $1$ and its logarithm is safe.

## Why it is a smooth maximum

From \eqref{eq:shifted}, since the sum lies between $1$ and $n$,

$$\max_i x_i \le \operatorname{LSE}(x) \le \max_i x_i + \log n.$$

Scaling sharpens the approximation: $\frac1\beta\operatorname{LSE}(\beta x)\to\max_i x_i$ as $\beta\to\infty$. This is the same temperature story as for softmax, and not by accident, because the gradient of \eqref{eq:lse} is exactly the softmax:

$$\frac{\partial}{\partial x_j}\operatorname{LSE}(x) = \frac{e^{x_j}}{\sum_i e^{x_i}}.$$

The Hessian is $\operatorname{diag}(p) - pp^\top$ with $p$ the softmax vector, which is positive semidefinite, so LSE is convex. That is why losses built from it, such as the cross-entropy of a softmax classifier, are convex in the logits.

## In code

```python
import math


def logsumexp(xs):
    m = max(xs)
    if m == -math.inf:  # all terms are log(0)
        return -math.inf
    return m + math.log(sum(math.exp(x - m) for x in xs))


print(logsumexp([1000.0, 1000.0]))    # 1000.693..., i.e. 1000 + log 2
print(logsumexp([-1000.0, -1001.0]))  # -999.686...
```

The guard for $m=-\infty$ matters: without it, $x - m$ would be `nan` when every input is $-\infty$. Library versions such as `scipy.special.logsumexp` and `torch.logsumexp` handle this case; SciPy's also accepts weights $b_i$ and computes $\log\sum_i b_i e^{x_i}$ with the same shift.
""",
)

POSTS = [VAE, SOFTMAX, LEAST_SQUARES, GRADIENT_DESCENT, LOG_SUM_EXP]
