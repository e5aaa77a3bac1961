// Quantities: the forward-looking targets a policy sets (到2025年…达到, 力争,
// 培育…家, 打造…个) and the money it offers (最高给予500万元奖励, 设立100亿元
// 基金), read from normalized text. Past statistics (2021年实现…, 已集聚…,
// 同比增长) are neither; project investment and tax revenue are not money a
// policy offers.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/article.h"

namespace newswatch {

// Appends to `targets` (kinds: industry-scale, enterprises, scenarios,
// projects, platforms, parks, labs, patents, people, teams, ...; value in
// yuan or as a count) and `money` (kinds: fund, subsidy; value in yuan or
// dollars), each with its sentence and target year when stated.
void FindQuantities(std::string_view text, std::vector<Quantity>* targets,
                    std::vector<Quantity>* money);

// True when the clause around a number reports the past (已, 累计, 同比,
// 2021年实现 ...) rather than setting a goal.
bool IsPastStatistic(std::string_view clause);

// True when the sentence sets a goal (到2025年, 力争, 目标, 培育, 打造 ...).
bool SetsGoal(std::string_view sentence);

// "到2025年" / "至2025年" / "2025年前" in `s`: the target year, else "".
std::string GoalYear(std::string_view s);

}  // namespace newswatch
