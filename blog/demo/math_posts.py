"""Demo posts in the mathematics category."""

# Each Markdown paragraph is one line: a line break inside Chinese text would
# show as a space between characters.
# ruff: noqa: E501

from datetime import datetime, timedelta

from .records import DemoPost

FOURIER = DemoPost(
    slug="fourier-series-square-wave",
    title="傅里叶级数：从一个方波说起",
    category="math",
    tags=("fourier-analysis", "series", "python"),
    published=datetime(2019, 3, 17, 20, 30),
    body=r"""
一个周期为$2\pi$的方波，棱角分明，却可以写成无穷多个光滑正弦波的叠加。这件事第一次听说时总让人觉得不可思议。本文从正交性出发推导傅里叶系数，算出方波的级数，顺便得到一个计算$\pi$的公式，最后看一看间断点附近那个消除不掉的“过冲”。

<!--more-->

## 三角级数与正交性

设$f$是周期为$2\pi$的函数。我们希望把它写成

\begin{equation}
f(x) = \frac{a_0}{2} + \sum_{n=1}^{\infty}\left(a_n\cos nx + b_n\sin nx\right) \label{eq:fourier-series}
\end{equation}

系数之所以能求出来，全靠三角函数系的正交性：对正整数$m,n$，

\begin{align}
\int_{-\pi}^{\pi}\cos mx\cos nx\,dx &= \pi\,\delta_{mn}, \label{eq:orth-cos} \\
\int_{-\pi}^{\pi}\sin mx\sin nx\,dx &= \pi\,\delta_{mn}, \label{eq:orth-sin} \\
\int_{-\pi}^{\pi}\sin mx\cos nx\,dx &= 0, \label{eq:orth-mixed}
\end{align}

其中$\delta_{mn}$在$m=n$时为$1$，否则为$0$。证明只需积化和差，例如$2\cos mx\cos nx = \cos(m-n)x + \cos(m+n)x$，而非零整数频率的余弦在一个周期上积分为零。

把式\eqref{eq:fourier-series}两边同乘$\cos mx$，在$[-\pi,\pi]$上积分（暂且允许逐项积分），由\eqref{eq:orth-cos}和\eqref{eq:orth-mixed}，右边只剩下第$m$项。对$\sin mx$同样处理，用到\eqref{eq:orth-sin}，于是

\begin{equation}
a_n = \frac{1}{\pi}\int_{-\pi}^{\pi} f(x)\cos nx\,dx, \qquad b_n = \frac{1}{\pi}\int_{-\pi}^{\pi} f(x)\sin nx\,dx. \label{eq:coefficients}
\end{equation}

常数项写成$a_0/2$而不是$a_0$，正是为了让$n=0$时的系数也能套用式\eqref{eq:coefficients}：$a_0/2$恰好是$f$在一个周期上的平均值。

## 方波的级数

取方波：在$(0,\pi)$上$f(x)=1$，在$(-\pi,0)$上$f(x)=-1$，再以$2\pi$为周期延拓。它是奇函数，所以所有$a_n=0$；而

$$b_n = \frac{2}{\pi}\int_0^{\pi}\sin nx\,dx = \frac{2}{n\pi}\left(1-\cos n\pi\right) = \frac{2}{n\pi}\left(1-(-1)^n\right).$$

偶数项消失，奇数项$b_n = \frac{4}{n\pi}$，于是

\begin{equation}
f(x) = \frac{4}{\pi}\sum_{k=0}^{\infty}\frac{\sin(2k+1)x}{2k+1} = \frac{4}{\pi}\left(\sin x + \frac{\sin 3x}{3} + \frac{\sin 5x}{5} + \cdots\right). \label{eq:square-wave}
\end{equation}

在式\eqref{eq:square-wave}中取$x=\pi/2$，由于$\sin\frac{(2k+1)\pi}{2} = (-1)^k$，就得到莱布尼茨级数

$$1-\frac{1}{3}+\frac{1}{5}-\frac{1}{7}+\cdots=\frac{\pi}{4}.$$

而在间断点$x=0$处，每个部分和都等于$0$，恰是左右极限$-1$与$1$的平均。这正是狄利克雷定理的结论：对分段光滑的函数，傅里叶级数在间断点收敛到左右极限的平均值。

## 吉布斯现象

下图画出了取前$1$、$3$、$15$个奇次谐波时的部分和。项数越多，曲线越贴近方波，但间断点旁边总有一个尖峰。

![方波及其傅里叶部分和](/static/img/demo/square-wave-partial-sums.svg "方波的傅里叶部分和")

尖峰的位置随项数增加而向间断点靠拢，高度却不趋于$1$，而是趋于

$$\frac{2}{\pi}\int_0^{\pi}\frac{\sin t}{t}\,dt \approx 1.17898,$$

也就是说，过冲约为跳跃幅度$2$的$9\%$。这就是吉布斯现象[^gibbs]。用几行代码就能看到它：

```python
import numpy as np


def partial_sum(x, terms):
    n = 2 * np.arange(terms) + 1  # 1, 3, 5, ...
    return 4 / np.pi * np.sin(np.outer(x, n)) @ (1 / n)


x = np.linspace(1e-4, 0.5, 20001)
for terms in (5, 50, 500):
    print(terms, partial_sum(x, terms).max())
# 5 1.1823...
# 50 1.1790...
# 500 1.1789...
```

吉布斯现象提醒我们：部分和逐点收敛到$f$，却不一致收敛。无论取多少项，间断点附近总有一些点，那里的误差超过$0.17$。

[^gibbs]: 这一现象最早由英国数学家 Wilbraham 在1848年描述，半个世纪后才因 Gibbs 在《自然》杂志上的通信而广为人知。
""",
)

GAUSSIAN = DemoPost(
    slug="gaussian-integral-three-ways",
    title="高斯积分的三种算法",
    category="math",
    tags=("integrals", "probability"),
    published=datetime(2019, 6, 2, 9, 45),
    body=r"""
高斯积分$\int_{-\infty}^{\infty}e^{-x^2}\,dx=\sqrt{\pi}$几乎是每个学概率的人都要见一次的公式。被积函数没有初等原函数，积分值却干净利落。下面记录三种算法，各有各的味道。

<!--more-->

记

\begin{equation}
I = \int_{-\infty}^{\infty} e^{-x^2}\,dx. \label{eq:gauss-def}
\end{equation}

**方法一：极坐标。** 把$I^2$写成二重积分，再换到极坐标，多出来的因子$r$恰好让积分能够算出：

\begin{align}
I^2 &= \int_{-\infty}^{\infty}\int_{-\infty}^{\infty} e^{-(x^2+y^2)}\,dx\,dy \notag \\
    &= \int_0^{2\pi}\int_0^{\infty} e^{-r^2}\,r\,dr\,d\theta \notag \\
    &= 2\pi\cdot\frac{1}{2} = \pi. \label{eq:polar}
\end{align}

由于$I>0$，得$I=\sqrt{\pi}$。第一步把两个一元积分之积写成二重积分，依据的是被积函数非负时的 Tonelli 定理[^tonelli]。

**方法二：对参数求导。** 对$t\ge 0$定义

$$G(t) = \left(\int_0^t e^{-x^2}\,dx\right)^2 + \int_0^1 \frac{e^{-t^2(1+u^2)}}{1+u^2}\,du.$$

对$t$求导，第二项在积分号下求导后作代换$x=tu$：

$$G'(t) = 2e^{-t^2}\int_0^t e^{-x^2}\,dx - 2t\int_0^1 e^{-t^2}e^{-t^2u^2}\,du = 2e^{-t^2}\int_0^t e^{-x^2}\,dx - 2e^{-t^2}\int_0^t e^{-x^2}\,dx = 0.$$

所以$G$是常数。$G(0) = \int_0^1\frac{du}{1+u^2} = \frac{\pi}{4}$，而$t\to\infty$时第二项趋于零，于是$\left(\int_0^{\infty}e^{-x^2}\,dx\right)^2 = \frac{\pi}{4}$，再由对称性得到$I=\sqrt{\pi}$。这个方法不需要二重积分，只用到一元微积分。

**方法三：Gamma 函数与 Beta 函数。** 在$\Gamma(s)=\int_0^\infty t^{s-1}e^{-t}\,dt$中取$s=\frac12$并令$t=x^2$，得$\Gamma\left(\frac12\right) = 2\int_0^\infty e^{-x^2}\,dx = I$。另一方面，Beta 函数满足

\begin{equation}
B(p,q) = \int_0^1 t^{p-1}(1-t)^{q-1}\,dt = \frac{\Gamma(p)\,\Gamma(q)}{\Gamma(p+q)}. \label{eq:beta}
\end{equation}

在式\eqref{eq:beta}中取$p=q=\frac12$，左边作代换$t=\sin^2\theta$，被积式化为$2\,d\theta$，积分等于$\pi$；右边是$\Gamma\left(\frac12\right)^2/\Gamma(1) = I^2$。又一次得到$I^2=\pi$。

## 一个推论和一次数值检验

在式\eqref{eq:gauss-def}中作代换$x = t/(\sigma\sqrt{2})$，立即得到正态分布的归一化常数：

$$\int_{-\infty}^{\infty} e^{-t^2/(2\sigma^2)}\,dt = \sigma\sqrt{2\pi}.$$

数值上，高斯函数衰减得极快，直接做黎曼和就很准：

```python
import numpy as np

x = np.linspace(-10, 10, 200_001)
dx = x[1] - x[0]
print(np.exp(-x**2).sum() * dx, np.sqrt(np.pi))
# 1.7724538509... 1.7724538509...
```

等距黎曼和对这类光滑且迅速衰减的函数收敛得异常快，这本身又是一个与傅里叶分析有关的有趣现象。

[^tonelli]: 对非负可测函数，累次积分可以交换顺序，并且等于二重积分，即使积分值是无穷大也成立，因此这里不需要事先知道$I$有限。
""",
)

BASEL = DemoPost(
    slug="basel-problem",
    title="巴塞尔问题：平方倒数和为什么是 π²/6",
    category="math",
    tags=("series", "fourier-analysis"),
    published=datetime(2019, 9, 21, 15, 0),
    body=r"""
1734年前后，欧拉算出了困扰数学家们几十年的级数

\begin{equation}
\zeta(2) = \sum_{n=1}^{\infty}\frac{1}{n^2} = 1 + \frac14 + \frac19 + \cdots = \frac{\pi^2}{6}. \label{eq:basel}
\end{equation}

一个只含整数的和，结果里却出现了圆周率。本文先看欧拉大胆的原始论证，再用傅里叶级数给出一个严格的证明。

<!--more-->

## 欧拉的论证

多项式可以按根分解，欧拉把这件事推广到了$\frac{\sin x}{x}$：它的零点是$x=\pm\pi,\pm2\pi,\dots$，且在$x=0$处取值为$1$，所以“应当”有

\begin{equation}
\frac{\sin x}{x} = \prod_{n=1}^{\infty}\left(1-\frac{x^2}{n^2\pi^2}\right). \label{eq:product}
\end{equation}

另一方面，由泰勒展开，$\frac{\sin x}{x} = 1 - \frac{x^2}{6} + \frac{x^4}{120} - \cdots$。比较式\eqref{eq:product}两边$x^2$的系数：右边展开乘积，$x^2$项来自每次只取一个因子中的$-\frac{x^2}{n^2\pi^2}$，于是

$$-\frac{1}{6} = -\sum_{n=1}^{\infty}\frac{1}{n^2\pi^2},$$

这就是式\eqref{eq:basel}。论证的漏洞在于：无穷乘积并不能仅凭零点确定，例如$e^x\frac{\sin x}{x}$有同样的零点。乘积公式\eqref{eq:product}后来由魏尔斯特拉斯分解定理严格证明[^weierstrass]。

## 用 Parseval 恒等式证明

对周期$2\pi$、平方可积的函数，傅里叶系数满足 Parseval 恒等式

\begin{equation}
\frac{1}{\pi}\int_{-\pi}^{\pi}f(x)^2\,dx = \frac{a_0^2}{2} + \sum_{n=1}^{\infty}\left(a_n^2+b_n^2\right). \label{eq:parseval}
\end{equation}

取$f(x)=x$（在$(-\pi,\pi)$上）。它是奇函数，$a_n=0$；分部积分得

$$b_n = \frac{2}{\pi}\int_0^{\pi}x\sin nx\,dx = \frac{2}{\pi}\left[-\frac{x\cos nx}{n}\right]_0^{\pi} + \frac{2}{\pi}\int_0^{\pi}\frac{\cos nx}{n}\,dx = \frac{2(-1)^{n+1}}{n}.$$

代入式\eqref{eq:parseval}，左边是$\frac{1}{\pi}\cdot\frac{2\pi^3}{3} = \frac{2\pi^2}{3}$，右边是$\sum_n \frac{4}{n^2}$，两边同除以$4$即得式\eqref{eq:basel}。

## 几个推论

把级数按奇偶拆开。偶数项之和是$\sum\frac{1}{(2n)^2} = \frac14\zeta(2)$，所以

\begin{align}
\sum_{n\ \text{odd}}\frac{1}{n^2} &= \frac{3}{4}\cdot\frac{\pi^2}{6} = \frac{\pi^2}{8}, \label{eq:odd} \\
\sum_{n=1}^{\infty}\frac{(-1)^{n+1}}{n^2} &= \frac{\pi^2}{6} - 2\cdot\frac{1}{4}\cdot\frac{\pi^2}{6} = \frac{\pi^2}{12}. \label{eq:alternating}
\end{align}

式\eqref{eq:odd}也可以直接对方波用 Parseval 恒等式得到：方波的系数是$b_n=\frac{4}{n\pi}$（$n$为奇数），而$\frac{1}{\pi}\int_{-\pi}^{\pi}1\,dx = 2$。

## 收敛有多慢

级数\eqref{eq:basel}收敛得很慢：前$N$项之和与极限的差约为$\frac1N$，因为$\sum_{n>N}\frac{1}{n^2}\approx\int_N^\infty\frac{dx}{x^2}$。

| $N$ | 前$N$项和 | 与$\pi^2/6$之差 |
|---:|---:|---:|
| 10 | 1.5497677312 | 0.0952 |
| 100 | 1.6349839002 | 0.00995 |
| 1000 | 1.6439345667 | 0.0009995 |
| 10000 | 1.6448340718 | 0.0001000 |

作为练习，可以对$f(x)=x^2$重复上面的计算，得到$\zeta(4)=\frac{\pi^4}{90}$。

[^weierstrass]: 魏尔斯特拉斯分解定理说明，整函数可以按零点写成无穷乘积，但一般还要乘上一个形如$e^{g(x)}$的因子。对$\frac{\sin x}{x}$，这个因子恰好是$1$。
""",
)

STIRLING = DemoPost(
    slug="stirling-formula-laplace-method",
    title="Stirling's formula by Laplace's method",
    category="math",
    tags=("asymptotics", "integrals", "python"),
    published=datetime(2020, 2, 9, 14, 20),
    body=r"""
Stirling's formula says that $n!$ grows like $\sqrt{2\pi n}\,(n/e)^n$. It is one of those results that is used everywhere, from counting arguments in combinatorics to entropy calculations in statistical mechanics, and the cleanest way to see where it comes from is Laplace's method: an integral dominated by a sharp peak is approximately a Gaussian integral.

<!--more-->

## From the Gamma function to a Gaussian

Start from Euler's integral

\begin{equation}
n! = \int_0^{\infty} t^n e^{-t}\,dt = \int_0^{\infty} e^{\,n\ln t - t}\,dt. \label{eq:gamma-integral}
\end{equation}

The exponent $n\ln t - t$ is maximal at $t=n$, and the peak has width of order $\sqrt n$. So substitute $t = n + \sqrt{n}\,u$ and expand:

\begin{align}
n\ln t - t &= n\ln n - n + n\ln\left(1+\frac{u}{\sqrt n}\right) - \sqrt n\,u \notag \\
&= n\ln n - n - \frac{u^2}{2} + \frac{u^3}{3\sqrt n} - \cdots \label{eq:expansion}
\end{align}

The linear terms cancel, which is exactly what it means to expand around the maximum. Dropping the terms that vanish as $n\to\infty$ in \eqref{eq:expansion} and using $dt = \sqrt n\,du$,

$$n! \approx n^n e^{-n}\sqrt{n}\int_{-\infty}^{\infty}e^{-u^2/2}\,du,$$

and the Gaussian integral equals $\sqrt{2\pi}$. Hence

\begin{equation}
n! \sim \sqrt{2\pi n}\left(\frac{n}{e}\right)^n, \label{eq:stirling}
\end{equation}

where $\sim$ means that the ratio tends to $1$. Making this rigorous takes one more paragraph: one shows that the contribution from $|u| > n^{1/6}$ is negligible and that the cubic term is uniformly small on the rest.

## The general principle

Nothing above was special to the factorial. If $f$ has a unique interior maximum at $x_0$ with $f''(x_0)<0$, then as $M\to\infty$

$$\int_a^b e^{Mf(x)}\,dx \sim \sqrt{\frac{2\pi}{M\,|f''(x_0)|}}\;e^{Mf(x_0)}.$$

Keeping the next terms of the expansion gives the Stirling series

\begin{equation}
n! = \sqrt{2\pi n}\left(\frac{n}{e}\right)^n\left(1 + \frac{1}{12n} + \frac{1}{288n^2} - \frac{139}{51840n^3} + \cdots\right). \label{eq:stirling-series}
\end{equation}

The series in \eqref{eq:stirling-series} is asymptotic, not convergent: for each fixed $n$, adding terms helps for a while and then makes things worse.

## How good is it?

Remarkably good, even for tiny $n$. The ratio of $n!$ to the right-hand side of \eqref{eq:stirling} is close to $1 + \frac{1}{12n}$:

| $n$ | $n!$ | Stirling | ratio | $1+\frac{1}{12n}$ |
|---:|---:|---:|---:|---:|
| 1 | 1 | 0.9221 | 1.08444 | 1.08333 |
| 2 | 2 | 1.9190 | 1.04221 | 1.04167 |
| 5 | 120 | 118.019 | 1.01678 | 1.01667 |
| 10 | 3628800 | 3598695.6 | 1.00837 | 1.00833 |
| 20 | 2.4329e18 | 2.4228e18 | 1.00418 | 1.00417 |

The table is produced by a few lines of Python; `math.lgamma` avoids overflow for large $n$:

```python
import math


def stirling(n):
    return math.sqrt(2 * math.pi * n) * (n / math.e) ** n


for n in (1, 2, 5, 10, 20):
    exact = math.factorial(n)
    print(n, exact, round(stirling(n), 4), round(exact / stirling(n), 5))

# For large n, compare logarithms instead:
n = 10**6
print(math.lgamma(n + 1) - (0.5 * math.log(2 * math.pi * n) + n * math.log(n) - n))
# about 8.3e-08, which is 1/(12n)
```

## An application

A typical use: the central binomial coefficient. Applying \eqref{eq:stirling} to $(2n)!$ and twice to $n!$,

$$\binom{2n}{n} = \frac{(2n)!}{(n!)^2} \sim \frac{\sqrt{4\pi n}\,(2n/e)^{2n}}{2\pi n\,(n/e)^{2n}} = \frac{4^n}{\sqrt{\pi n}}.$$

So the probability that a fair coin tossed $2n$ times shows exactly $n$ heads is about $1/\sqrt{\pi n}$, which is the starting point of many arguments about random walks.
""",
)

CLT = DemoPost(
    slug="central-limit-theorem-characteristic-functions",
    title="The central limit theorem through characteristic functions",
    category="math",
    tags=("probability", "asymptotics"),
    published=datetime(2023, 9, 10, 16, 40),
    body=r"""
Why does the bell curve appear whenever many small independent effects add up? The central limit theorem gives the answer, and characteristic functions give the shortest honest proof of it. The whole argument fits in three displayed formulas once the right tool is in hand.

<!--more-->

Let $X_1, X_2, \dots$ be independent copies of a random variable $X$ with $\mathbb{E}X = 0$ and $\mathbb{E}X^2 = 1$, and let $S_n = X_1 + \cdots + X_n$. The claim is that $S_n/\sqrt n$ converges in distribution to the standard normal law $N(0,1)$.

## Characteristic functions

The characteristic function of $X$ is

\begin{equation}
\varphi(t) = \mathbb{E}\,e^{itX}, \qquad t\in\mathbb{R}. \label{eq:cf}
\end{equation}

Two properties make it the right tool. First, independence turns sums into products: $\varphi_{X+Y} = \varphi_X\varphi_Y$ when $X$ and $Y$ are independent. Second, Lévy's continuity theorem: if $\varphi_n(t)\to\varphi(t)$ for every $t$ and $\varphi$ is continuous at $0$, then the corresponding distributions converge.

For the standard normal, $\varphi(t) = e^{-t^2/2}$. One way to see it: differentiating under the integral and integrating by parts gives

$$\varphi'(t) = \int_{-\infty}^{\infty} ix\,e^{itx}\,\frac{e^{-x^2/2}}{\sqrt{2\pi}}\,dx = -t\,\varphi(t),$$

and the only solution with $\varphi(0)=1$ is $e^{-t^2/2}$.

## The proof

Since $X$ has two moments, Taylor's theorem applied to \eqref{eq:cf} gives

\begin{equation}
\varphi(t) = 1 - \frac{t^2}{2} + o(t^2) \qquad (t\to 0). \label{eq:taylor}
\end{equation}

By independence, and then by \eqref{eq:taylor} with $t/\sqrt n$ in place of $t$,

\begin{align}
\mathbb{E}\,e^{itS_n/\sqrt n} &= \varphi\left(\frac{t}{\sqrt n}\right)^n \notag \\
&= \left(1 - \frac{t^2}{2n} + o\left(\frac1n\right)\right)^n \longrightarrow e^{-t^2/2}. \label{eq:limit}
\end{align}

The limit in \eqref{eq:limit} is the characteristic function of $N(0,1)$, and the continuity theorem finishes the proof. Notice what was used: only the mean and the variance. Every other feature of the distribution of $X$ is washed out.

## When it fails, and how fast it works

The variance assumption matters. For the Cauchy distribution $\varphi(t) = e^{-|t|}$, and then $\varphi(t/n)^n = e^{-|t|}$: the average of $n$ Cauchy variables is again Cauchy, no matter how large $n$ is. Averaging does not help at all.

When the third absolute moment $\rho = \mathbb{E}|X|^3$ is finite, the Berry–Esseen theorem quantifies the speed:

$$\sup_{x\in\mathbb{R}}\left|\,\mathbb{P}\left(\frac{S_n}{\sqrt n}\le x\right) - \Phi(x)\right| \le \frac{C\rho}{\sqrt n},$$

with an absolute constant $C$ known to be less than $\frac12$. The error decays like $n^{-1/2}$, which is why sums of a few dozen skewed variables still look visibly skewed.
""",
)

HARMONIC = DemoPost(
    slug="harmonic-series-diverges-five-proofs",
    title="Five proofs that the harmonic series diverges",
    category="math",
    tags=("series", "asymptotics"),
    published=timedelta(days=3),
    body=r"""
The harmonic series $1 + \frac12 + \frac13 + \cdots$ diverges, although its terms go to zero and its partial sums grow so slowly that a computer adding one term per nanosecond would need longer than the age of the universe to pass $100$. Here are five proofs, each showing a different idea.

<!--more-->

Write $H_n = \sum_{k=1}^{n}\frac1k$ for the partial sums.

**1. Grouping (Oresme, fourteenth century).** Group the terms in blocks that end at powers of two. Each block is at least $\frac12$:

$$\frac13+\frac14 \ge \frac12, \qquad \frac15+\frac16+\frac17+\frac18 \ge \frac12, \qquad \dots$$

so $H_{2^m} \ge 1 + \frac m2$, which is unbounded.

**2. Comparison with an integral.** Since $\frac1k \ge \int_k^{k+1}\frac{dx}{x}$,

\begin{equation}
H_n \ge \int_1^{n+1}\frac{dx}{x} = \ln(n+1). \label{eq:integral-bound}
\end{equation}

**3. Telescoping logarithms.** From $\ln(1+x)\le x$ with $x = \frac1k$ we get $\frac1k \ge \ln(k+1)-\ln k$, and the sum telescopes to the same bound \eqref{eq:integral-bound} without any integral.

**4. A contradiction.** Suppose the series converged to $S$. Split it into even and odd terms:

$$S = \sum_{k\ge1}\frac{1}{2k} + \sum_{k\ge1}\frac{1}{2k-1} = \frac S2 + \sum_{k\ge1}\frac{1}{2k-1} > \frac S2 + \sum_{k\ge1}\frac{1}{2k} = S,$$

since $\frac{1}{2k-1} > \frac{1}{2k}$ for every $k$. So $S > S$, which is absurd.

**5. Cauchy condensation.** For a decreasing sequence of positive terms, $\sum a_k$ converges if and only if $\sum 2^m a_{2^m}$ does. Here $2^m a_{2^m} = 1$ for every $m$.

The bound \eqref{eq:integral-bound} is sharp up to a constant: in fact

\begin{equation}
H_n = \ln n + \gamma + \frac{1}{2n} + O\left(\frac{1}{n^2}\right), \qquad \gamma \approx 0.5772, \label{eq:euler-gamma}
\end{equation}

where $\gamma$ is the Euler–Mascheroni constant. By \eqref{eq:euler-gamma}, $H_n$ passes $100$ only when $n$ is about $e^{100-\gamma}\approx 1.5\times10^{43}$, so the nanosecond computer would indeed be waiting a very long time.
""",
)

POSTS = [FOURIER, GAUSSIAN, BASEL, STIRLING, CLT, HARMONIC]
