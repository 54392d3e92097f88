from shapely.geometry import GeometryCollection, LineString, MultiLineString, Point

from geo.streets import line_parts, line_through, walking_order


def test_line_parts_keeps_lines_with_length():
    line = LineString([(0, 0), (1, 0)])
    assert line_parts(line) == MultiLineString([line])
    mixed = GeometryCollection([line, Point(3, 3), LineString([(5, 5), (5, 5)])])
    assert line_parts(mixed) == MultiLineString([line])
    assert line_parts(Point(0, 0)) is None


def test_line_through_points_in_the_given_order():
    line = line_through([(0, 0), (1, 0), (1, 0), (2, 1)])
    assert list(line.coords) == [(0, 0), (1, 0), (2, 1)]


def test_a_single_door_gives_a_tiny_valid_line():
    for points in ([(4.88, 52.38)], [(4.88, 52.38), (4.88, 52.38)]):
        line = line_through(points)
        assert line.is_valid and line.length > 0
        assert line.length < 0.0001  # degrees: about a metre
        assert line.coords[0] == (4.88, 52.38)


def test_walking_order_goes_up_the_odd_side_and_back_down_the_even_side():
    doors = [((n, "", ""), (float(n), 0.0 if n % 2 else 1.0)) for n in [4, 1, 2, 5, 3, 6]]
    assert [x for x, _ in walking_order(doors)] == [1, 3, 5, 6, 4, 2]
