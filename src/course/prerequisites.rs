//! The prerequisite graph of modules: cycles (an error) and a study order that respects it.

/// Every cycle of the graph, once each, as node indices with the smallest index first.
/// `edges[i]` lists the nodes that node `i` requires.
#[must_use]
pub fn cycles(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut found: Vec<Vec<usize>> = Vec::new();
    let mut state = vec![Visit::New; edges.len()];
    let mut stack = Vec::new();
    for start in 0..edges.len() {
        visit(start, edges, &mut state, &mut stack, &mut found);
    }
    found.sort();
    found.dedup();
    found
}

#[derive(Clone, Copy, PartialEq)]
enum Visit {
    New,
    OnStack,
    Done,
}

fn visit(
    node: usize,
    edges: &[Vec<usize>],
    state: &mut [Visit],
    stack: &mut Vec<usize>,
    found: &mut Vec<Vec<usize>>,
) {
    if state[node] != Visit::New {
        return;
    }
    state[node] = Visit::OnStack;
    stack.push(node);
    for &next in &edges[node] {
        match state[next] {
            Visit::New => visit(next, edges, state, stack, found),
            Visit::OnStack => {
                let from = stack.iter().position(|&n| n == next).unwrap_or(0);
                let mut cycle = stack[from..].to_vec();
                let smallest = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                cycle.rotate_left(smallest);
                found.push(cycle);
            }
            Visit::Done => {}
        }
    }
    stack.pop();
    state[node] = Visit::Done;
}

/// A topological order of an acyclic graph: every node after the nodes it requires; among
/// nodes that are ready at the same time, the one with the smallest `rank` first.
#[must_use]
pub fn study_order<K: Ord>(edges: &[Vec<usize>], rank: impl Fn(usize) -> K) -> Vec<usize> {
    let mut waiting: Vec<usize> = edges.iter().map(Vec::len).collect();
    let mut order = Vec::with_capacity(edges.len());
    let mut ready: Vec<usize> = (0..edges.len()).filter(|&i| waiting[i] == 0).collect();
    while !ready.is_empty() {
        let pick = (0..ready.len())
            .min_by_key(|&i| rank(ready[i]))
            .unwrap_or(0);
        let node = ready.swap_remove(pick);
        order.push(node);
        for (other, required) in edges.iter().enumerate() {
            let times = required.iter().filter(|&&r| r == node).count();
            if times > 0 {
                waiting[other] -= times;
                if waiting[other] == 0 {
                    ready.push(other);
                }
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_cycles_in_a_dag() {
        let edges = vec![vec![], vec![0], vec![0, 1], vec![2]];
        assert!(cycles(&edges).is_empty());
    }

    #[test]
    fn names_each_whole_cycle_once() {
        // 0 → 1 → 2 → 0, and 3 → 3, and 4 → 0 (leads into the cycle but is not on it)
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        assert_eq!(cycles(&edges), vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn cycle_found_from_any_start_is_rotated_to_its_smallest_node() {
        let edges = vec![vec![], vec![3], vec![1], vec![2]];
        assert_eq!(cycles(&edges), vec![vec![1, 3, 2]]);
    }

    #[test]
    fn study_order_respects_prerequisites_and_rank() {
        // 2 requires 0; 1 requires 2; 3 requires nothing.
        let edges = vec![vec![], vec![2], vec![0], vec![]];
        assert_eq!(study_order(&edges, |i| i), vec![0, 2, 1, 3]);
        assert_eq!(study_order(&edges, std::cmp::Reverse), vec![3, 0, 2, 1]);
    }
}
