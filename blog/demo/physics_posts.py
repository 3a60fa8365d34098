"""Demo posts in the physics category."""

# Each Markdown paragraph is one line: a line break inside Chinese text would
# show as a space between characters.
# ruff: noqa: E501

from datetime import datetime

from .records import DemoPost

BRACHISTOCHRONE = DemoPost(
    slug="euler-lagrange-brachistochrone",
    title="欧拉—拉格朗日方程与最速降线",
    category="physics",
    tags=("calculus-of-variations", "optimization"),
    published=datetime(2020, 5, 16, 19, 0),
    body=r"""
1696年，约翰·伯努利向欧洲的数学家们提出了一个问题：竖直平面内给定高低不同的两点$A$和$B$，小球在重力作用下从$A$由静止出发，沿怎样的曲线滑到$B$用时最短？答案不是直线，而是一段摆线。这个问题催生了变分法，而变分法的核心就是欧拉—拉格朗日方程。

<!--more-->

## 欧拉—拉格朗日方程

考虑泛函

$$J[y] = \int_a^b L\left(x, y(x), y'(x)\right)dx,$$

在端点固定$y(a)=y_a$、$y(b)=y_b$的函数中求它的极值。设$y$是极值函数，任取满足$\eta(a)=\eta(b)=0$的光滑函数$\eta$，则$\varepsilon\mapsto J[y+\varepsilon\eta]$在$\varepsilon=0$处取极值，导数为零：

\begin{align}
0 = \frac{d}{d\varepsilon}J[y+\varepsilon\eta]\Big|_{\varepsilon=0}
  &= \int_a^b\left(\frac{\partial L}{\partial y}\eta + \frac{\partial L}{\partial y'}\eta'\right)dx \notag \\
  &= \int_a^b\left(\frac{\partial L}{\partial y} - \frac{d}{dx}\frac{\partial L}{\partial y'}\right)\eta\,dx. \label{eq:first-variation}
\end{align}

第二个等号对含$\eta'$的一项分部积分，边界项因$\eta$在端点为零而消失。由于$\eta$是任意的，由变分法基本引理，括号里的量必须恒为零：

\begin{equation}
\frac{\partial L}{\partial y} - \frac{d}{dx}\frac{\partial L}{\partial y'} = 0. \label{eq:euler-lagrange}
\end{equation}

这就是欧拉—拉格朗日方程。在力学中取$L = T - V$（动能减势能），式\eqref{eq:euler-lagrange}就是牛顿第二定律：对$L=\frac12 m\dot q^2 - V(q)$，它给出$m\ddot q = -V'(q)$。

## 不显含自变量时的首次积分

若$L$不显含$x$，式\eqref{eq:euler-lagrange}有一个首次积分，称为 Beltrami 恒等式：

\begin{equation}
L - y'\frac{\partial L}{\partial y'} = C. \label{eq:beltrami}
\end{equation}

验证很直接：对左边求导，

$$\frac{d}{dx}\left(L - y'\frac{\partial L}{\partial y'}\right) = \frac{\partial L}{\partial x} + y'\left(\frac{\partial L}{\partial y} - \frac{d}{dx}\frac{\partial L}{\partial y'}\right),$$

第一项因$L$不显含$x$为零，第二项由式\eqref{eq:euler-lagrange}为零。力学中，它对应的正是时间平移不变性带来的能量守恒。

## 最速降线

取$A$为原点，$y$轴竖直向下。由能量守恒，小球下落高度$y$时速率为$v=\sqrt{2gy}$，所以沿曲线$y(x)$的用时为

\begin{equation}
T[y] = \int \frac{ds}{v} = \int_0^{x_B}\frac{\sqrt{1+y'^2}}{\sqrt{2gy}}\,dx. \label{eq:descent-time}
\end{equation}

被积函数不显含$x$，可以用式\eqref{eq:beltrami}。略去常数因子$\frac{1}{\sqrt{2g}}$，取$L=\sqrt{1+y'^2}/\sqrt{y}$，算得

$$L - y'\frac{\partial L}{\partial y'} = \frac{\sqrt{1+y'^2}}{\sqrt y} - \frac{y'^2}{\sqrt y\,\sqrt{1+y'^2}} = \frac{1}{\sqrt{y\left(1+y'^2\right)}},$$

于是$y\left(1+y'^2\right)$是常数，记为$2R$。这个微分方程的解是摆线

\begin{equation}
x = R(\theta - \sin\theta), \qquad y = R(1-\cos\theta), \label{eq:cycloid}
\end{equation}

也就是半径为$R$的圆沿水平线滚动时圆周上一点的轨迹。代入即可验证：$y' = \frac{\sin\theta}{1-\cos\theta}$，$1+y'^2 = \frac{2}{1-\cos\theta}$，所以$y(1+y'^2) = 2R$。

![最速降线：摆线与直线的比较](/static/img/demo/brachistochrone.svg "最速降线")

## 到底快多少

沿摆线\eqref{eq:cycloid}，弧长元素是$ds = R\sqrt{2-2\cos\theta}\,d\theta$，速率是$\sqrt{2gR(1-\cos\theta)}$，两者之比恰好是常数：

$$dt = \frac{ds}{v} = \sqrt{\frac{R}{g}}\,d\theta.$$

从$A$滑到摆线最低点$\theta=\pi$，用时$\pi\sqrt{R/g}\approx 3.14\sqrt{R/g}$。同样两点之间若走直线，长度为$\sqrt{\pi^2+4}\,R$，小球做匀加速运动，用时$\sqrt{\pi^2+4}\,\sqrt{R/g}\approx 3.72\sqrt{R/g}$。摆线少用了约$16\%$的时间。

摆线还有一个更妙的性质：从摆线上任意一点由静止释放，小球滑到最低点所用的时间都相同，都是$\pi\sqrt{R/g}$。原因是沿摆线从最低点量起的弧长$s$与高度差$h$满足$h = \frac{s^2}{8R}$，小球沿曲线做的是严格的简谐振动。这就是惠更斯发现的等时性，他据此设计过摆线摆钟[^huygens]。

[^huygens]: 惠更斯在1673年出版的《摆钟论》中给出了摆线的等时性，并设计了让摆锤沿摆线运动的装置。
""",
)

NOETHER = DemoPost(
    slug="noether-theorem-one-page",
    title="Noether's theorem on one page",
    category="physics",
    tags=("symmetry", "calculus-of-variations"),
    published=datetime(2020, 10, 3, 11, 10),
    body=r"""
Every continuous symmetry of a mechanical system comes with a conserved quantity. This is Noether's theorem[^noether], and for systems with finitely many degrees of freedom its proof is a two-line computation. What follows is that computation, a slightly more general version, and the standard examples.

<!--more-->

## Setting

A system with coordinates $q = (q_1,\dots,q_n)$ and Lagrangian $L(q,\dot q,t)$ moves according to the Euler–Lagrange equations

\begin{equation}
\frac{d}{dt}\frac{\partial L}{\partial \dot q_i} = \frac{\partial L}{\partial q_i}, \qquad i = 1,\dots,n. \label{eq:el}
\end{equation}

Write $p_i = \partial L/\partial\dot q_i$ for the momenta. Consider a one-parameter family of transformations which, to first order in $\varepsilon$, reads $q_i \mapsto q_i + \varepsilon K_i(q,t)$. It is a *symmetry* if it leaves $L$ unchanged to first order:

\begin{equation}
\delta L = \varepsilon\sum_i\left(\frac{\partial L}{\partial q_i}K_i + \frac{\partial L}{\partial\dot q_i}\dot K_i\right) = 0. \label{eq:symmetry}
\end{equation}

## The theorem

If \eqref{eq:symmetry} holds, then $Q = \sum_i p_i K_i$ is constant along every solution of \eqref{eq:el}. Indeed,

\begin{align}
\frac{dQ}{dt} &= \sum_i\left(\dot p_i K_i + p_i\dot K_i\right) \notag \\
&= \sum_i\left(\frac{\partial L}{\partial q_i}K_i + \frac{\partial L}{\partial\dot q_i}\dot K_i\right) = 0, \label{eq:conservation}
\end{align}

where the second line uses \eqref{eq:el} to replace $\dot p_i$, and the last step is \eqref{eq:symmetry}.

A useful generalisation: the transformation only needs to change $L$ by a total derivative, $\delta L = \varepsilon\,\frac{dF}{dt}$, because that does not change the equations of motion. The same computation then shows that $Q = \sum_i p_iK_i - F$ is conserved.

## Examples

| symmetry | $K$ | conserved quantity |
|:---|:---|:---|
| translation along $x$ | $K_x = 1$ | momentum $p_x$ |
| rotation about the $z$ axis | $(K_x, K_y) = (-y, x)$ | angular momentum $xp_y - yp_x$ |
| Galilean boost of a free particle | $K = t$, $F = mq$ | $pt - mq$, i.e. uniform motion |
| time translation | (see below) | energy $\sum_i p_i\dot q_i - L$ |

For the rotation, take $L = \frac m2\left(\dot x^2+\dot y^2\right) - V\left(\sqrt{x^2+y^2}\right)$. The potential term contributes $-V'\cdot\frac{x(-y) + yx}{r} = 0$ to \eqref{eq:symmetry}, and the kinetic term contributes $m\dot x(-\dot y) + m\dot y\dot x = 0$. So $m(x\dot y - y\dot x)$ is conserved: Kepler's second law in one line.

For the boost, $L = \frac m2\dot q^2$ and $q\mapsto q+\varepsilon t$ change $L$ by $\varepsilon m\dot q = \varepsilon\frac{d}{dt}(mq)$, so $pt - mq$ is conserved. Since $p$ is also conserved, this says $q(t) = q(0) + \frac{p}{m}t$.

Time translation does not fit the pattern $q\mapsto q+\varepsilon K$ directly, but the energy $E = \sum_i p_i\dot q_i - L$ is handled by the same kind of computation:

$$\frac{dE}{dt} = \sum_i\left(\dot p_i\dot q_i + p_i\ddot q_i - \frac{\partial L}{\partial q_i}\dot q_i - \frac{\partial L}{\partial\dot q_i}\ddot q_i\right) - \frac{\partial L}{\partial t} = -\frac{\partial L}{\partial t}.$$

So energy is conserved exactly when the Lagrangian does not depend explicitly on time.

[^noether]: Emmy Noether, *Invariante Variationsprobleme*, 1918. The paper also contains a second theorem, about symmetries that depend on arbitrary functions, which is essential in general relativity.
""",
)

RANDOM_WALK = DemoPost(
    slug="random-walk-and-diffusion",
    title="随机游走与扩散方程",
    category="physics",
    tags=("probability", "stochastic-processes", "python"),
    published=datetime(2021, 1, 24, 22, 5),
    body=r"""
一个醉汉在直线上每秒随机向左或向右走一步。$n$步之后他离出发点多远？他还会回到原点吗？这两个问题分别通向扩散方程和 Pólya 的常返定理。

<!--more-->

## 位移与$\sqrt n$

设$X_1,X_2,\dots$独立，各以概率$\frac12$取$\pm1$，位置$S_n = X_1+\cdots+X_n$。由于$\mathbb{E}X_i=0$、$\mathbb{E}X_i^2=1$，且不同步之间不相关，

\begin{equation}
\mathbb{E}S_n = 0, \qquad \mathbb{E}S_n^2 = \sum_{i,j}\mathbb{E}X_iX_j = n. \label{eq:variance}
\end{equation}

所以典型的位移是$\sqrt n$而不是$n$：走一万步，通常只离开原点一百步左右。

## 从差分到扩散方程

设步长为$a$、每步用时$\tau$，$p(x,t)$为时刻$t$位于$x$的概率。走最后一步之前，粒子要么在$x-a$，要么在$x+a$：

$$p(x, t+\tau) = \frac12\,p(x-a, t) + \frac12\,p(x+a, t).$$

两边作泰勒展开，左边得$p + \tau\,\partial_t p + O(\tau^2)$，右边奇数阶项相互抵消，得$p + \frac{a^2}{2}\partial_x^2 p + O(a^4)$。令$a,\tau\to0$并保持$D = \frac{a^2}{2\tau}$不变，得到扩散方程

\begin{equation}
\frac{\partial p}{\partial t} = D\,\frac{\partial^2 p}{\partial x^2}. \label{eq:diffusion}
\end{equation}

从原点出发的解是高斯分布（热核）

\begin{equation}
p(x,t) = \frac{1}{\sqrt{4\pi Dt}}\exp\left(-\frac{x^2}{4Dt}\right), \label{eq:heat-kernel}
\end{equation}

方差为$2Dt$。这与式\eqref{eq:variance}一致：$t$时刻已走了$t/\tau$步，方差是$\frac{t}{\tau}a^2 = 2Dt$。爱因斯坦在1905年正是用这样的思路解释布朗运动，并指出测量扩散系数$D$就可以定出阿伏伽德罗常数。

## 会回来吗

在$2n$步后恰好回到原点的概率是$\binom{2n}{n}4^{-n}$，由 Stirling 公式它约等于$\frac{1}{\sqrt{\pi n}}$。回到原点的期望次数是这些概率之和：

$$\sum_{n=1}^{\infty}\binom{2n}{n}4^{-n} \approx \sum_{n=1}^{\infty}\frac{1}{\sqrt{\pi n}} = \infty.$$

期望次数无穷，意味着以概率$1$会回到原点（而且回来无穷多次）。在$d$维格点上，回到原点的概率大约按$n^{-d/2}$衰减，级数在$d\le2$时发散、$d\ge3$时收敛。这就是 Pólya 定理：一维、二维的简单随机游走是常返的，三维则不是——三维随机游走最终回到原点的概率只有约$0.34$[^polya]。

## 模拟

```python
import numpy as np

rng = np.random.default_rng(2021)
steps = rng.choice([-1, 1], size=(10_000, 1_000))
paths = steps.cumsum(axis=1)

print(paths[:, -1].var())               # 约 1000，与 n 相符
print((paths == 0).any(axis=1).mean())  # 约 0.975
```

第二个数字可以精确计算：前$2n$步都不回到原点的概率恰好等于$\binom{2n}{n}4^{-n}$（这是一个漂亮的组合恒等式），取$2n=1000$约为$0.025$，所以约$97.5\%$的路径在一千步内回到过原点。

[^polya]: 这里的常数约为$0.3405$。角谷静夫有一句流传很广的概括：喝醉的人总能找到回家的路，喝醉的鸟则可能永远回不了家。
""",
)

PENDULUM = DemoPost(
    slug="pendulum-period-elliptic-integral",
    title="单摆的周期：从小角近似到椭圆积分",
    category="physics",
    tags=("integrals", "series", "python"),
    published=datetime(2024, 6, 23, 8, 30),
    body=r"""
中学物理告诉我们单摆的周期是$2\pi\sqrt{l/g}$，与振幅无关。这只在摆角很小时近似成立。摆角一大，周期就会变长；精确的周期是一个第一类完全椭圆积分，而计算它最快的方法，竟然是高斯的算术—几何平均。

<!--more-->

## 精确的周期

摆角$\theta$满足$\ddot\theta + \frac{g}{l}\sin\theta = 0$。乘以$\dot\theta$后积分，得到能量守恒：若最大摆角为$\theta_0$，则

\begin{equation}
\dot\theta^2 = \frac{2g}{l}\left(\cos\theta - \cos\theta_0\right). \label{eq:energy}
\end{equation}

从$0$摆到$\theta_0$用时四分之一周期，所以

$$T = 4\sqrt{\frac{l}{g}}\int_0^{\theta_0}\frac{d\theta}{\sqrt{2\left(\cos\theta-\cos\theta_0\right)}}.$$

被积函数在$\theta_0$处有奇点。令$k=\sin\frac{\theta_0}{2}$，作代换$\sin\frac{\theta}{2} = k\sin\varphi$。利用$\cos\theta-\cos\theta_0 = 2\left(k^2 - \sin^2\frac\theta2\right) = 2k^2\cos^2\varphi$，积分化为

\begin{equation}
T = 4\sqrt{\frac{l}{g}}\,K(k), \qquad K(k) = \int_0^{\pi/2}\frac{d\varphi}{\sqrt{1-k^2\sin^2\varphi}}, \label{eq:elliptic}
\end{equation}

奇点消失了。$K(k)$就是第一类完全椭圆积分。$k=0$时$K=\frac\pi2$，式\eqref{eq:elliptic}退化为熟悉的$2\pi\sqrt{l/g}$。

## 展开成级数

把被积函数按二项式展开再逐项积分，得$K(k) = \frac\pi2\left(1 + \frac{k^2}{4} + \frac{9k^4}{64} + \cdots\right)$。再用$k^2 = \sin^2\frac{\theta_0}{2} = \frac{\theta_0^2}{4} - \frac{\theta_0^4}{48} + \cdots$代入，整理得

\begin{equation}
T = 2\pi\sqrt{\frac{l}{g}}\left(1 + \frac{\theta_0^2}{16} + \frac{11\,\theta_0^4}{3072} + \cdots\right). \label{eq:period-series}
\end{equation}

摆角$10^\circ$时修正约为$0.2\%$，$30^\circ$时约为$1.7\%$。

## 算术—几何平均

给定$a_0=a$、$b_0=b$，反复取$a_{n+1}=\frac{a_n+b_n}{2}$、$b_{n+1}=\sqrt{a_nb_n}$，两个数列以平方速度收敛到同一个极限，记为$\operatorname{AGM}(a,b)$。高斯发现

\begin{equation}
K(k) = \frac{\pi}{2\operatorname{AGM}\left(1,\sqrt{1-k^2}\right)}. \label{eq:agm}
\end{equation}

于是由式\eqref{eq:elliptic}和\eqref{eq:agm}，周期与小角周期之比就是$1/\operatorname{AGM}\left(1,\cos\frac{\theta_0}{2}\right)$，几次迭代就达到机器精度：

```python
from math import cos, radians, sqrt


def agm(a, b, tol=1e-15):
    while abs(a - b) > tol * a:
        a, b = (a + b) / 2, sqrt(a * b)
    return a


def period_ratio(theta0):
    # 大摆角周期与小角周期之比，theta0 以弧度计。
    return 1 / agm(1.0, cos(theta0 / 2))


for degrees in (10, 30, 60, 90, 120, 170):
    print(degrees, round(period_ratio(radians(degrees)), 5))
```

与级数\eqref{eq:period-series}的前三项比较：

| 最大摆角 | 精确比值 | 级数前三项 |
|---:|---:|---:|
| $10^\circ$ | 1.00191 | 1.00191 |
| $30^\circ$ | 1.01741 | 1.01740 |
| $60^\circ$ | 1.07318 | 1.07285 |
| $90^\circ$ | 1.18034 | 1.17601 |
| $120^\circ$ | 1.37288 | 1.34305 |
| $170^\circ$ | 2.43936 | 1.82772 |

摆角接近$180^\circ$时，摆锤在最高点附近几乎停住，周期趋于无穷，任何有限项级数都无能为力，而 AGM 依然又快又准。
""",
)

POSTS = [BRACHISTOCHRONE, NOETHER, RANDOM_WALK, PENDULUM]
